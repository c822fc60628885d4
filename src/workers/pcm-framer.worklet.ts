/**
 * AudioWorklet that only frames PCM: it copies the first input channel into fixed-size chunks and
 * posts each chunk, as a transferable buffer, to the port it was handed. All DSP happens elsewhere
 * (src/core/audio), so the live and offline paths share it (pattern of ricky0123/vad).
 */
import type { PcmChunkMessage, PcmFramerOptions } from './audio-protocol';

// AudioWorkletGlobalScope declarations (not in lib.dom).
declare const sampleRate: number;
declare const currentFrame: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor(options?: unknown);
}
declare function registerProcessor(name: string, ctor: unknown): void;

class PcmFramerProcessor extends AudioWorkletProcessor {
  private readonly chunkSamples: number;
  private buffer: Float32Array;
  private filled = 0;
  private chunkStartFrame = 0;
  private target: MessagePort | null = null;

  constructor(options: { processorOptions?: Partial<PcmFramerOptions> }) {
    super();
    this.chunkSamples = Math.max(128, Math.round(options.processorOptions?.chunkSamples ?? 960));
    this.buffer = new Float32Array(this.chunkSamples);
    this.port.onmessage = (event: MessageEvent) => {
      if (event.data?.type === 'connect' && event.data.port instanceof MessagePort) this.target = event.data.port;
    };
  }

  process(inputs: Float32Array[][]): boolean {
    const channel = inputs[0]?.[0];
    if (!channel || !this.target) return true;
    let offset = 0;
    while (offset < channel.length) {
      if (this.filled === 0) this.chunkStartFrame = currentFrame + offset;
      const count = Math.min(channel.length - offset, this.chunkSamples - this.filled);
      this.buffer.set(channel.subarray(offset, offset + count), this.filled);
      this.filled += count;
      offset += count;
      if (this.filled === this.chunkSamples) this.flush();
    }
    return true;
  }

  private flush(): void {
    const samples = this.buffer;
    const message: PcmChunkMessage = {
      type: 'pcm',
      samples,
      sampleRateHz: sampleRate,
      startTimeMs: (this.chunkStartFrame / sampleRate) * 1000,
    };
    this.target?.postMessage(message, [samples.buffer]);
    this.buffer = new Float32Array(this.chunkSamples);
    this.filled = 0;
  }
}

registerProcessor('pcm-framer', PcmFramerProcessor);
