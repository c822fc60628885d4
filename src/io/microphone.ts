/**
 * Microphone capture: getUserMedia → AudioContext → the PCM-framing AudioWorklet, whose chunks go
 * straight to the port handed in (the pipeline worker), never through the main thread.
 */
import { AffectscopeError } from '../core/errors';
import type { PcmConnectMessage, PcmFramerOptions } from '../workers/audio-protocol';
import workletUrl from '../workers/pcm-framer.worklet.ts?worker&url';

export interface MicrophoneHandle {
  stream: MediaStream;
  context: AudioContext;
  sampleRateHz: number;
  close(): Promise<void>;
}

export function microphoneErrorFrom(error: unknown): AffectscopeError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return new AffectscopeError(
      'microphone-denied',
      'Microphone access was denied: running video-only (the audio stream gets silence). Allow the microphone for this site and press "Retry" to add audio.',
      { cause: error },
    );
  }
  return new AffectscopeError(
    'microphone-absent',
    `No usable microphone (${name || String(error)}): running video-only (the audio stream gets silence). Connect one and press "Retry".`,
    { cause: error },
  );
}

export async function openMicrophone(target: MessagePort, deviceId?: string): Promise<MicrophoneHandle> {
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: { deviceId: deviceId ? { exact: deviceId } : undefined, echoCancellation: false, noiseSuppression: false, autoGainControl: false },
      video: false,
    });
  } catch (error) {
    throw microphoneErrorFrom(error);
  }
  const context = new AudioContext();
  await context.audioWorklet.addModule(workletUrl);
  const source = context.createMediaStreamSource(stream);
  const options: PcmFramerOptions = { chunkSamples: Math.round(context.sampleRate * 0.02) };
  const framer = new AudioWorkletNode(context, 'pcm-framer', { processorOptions: options, numberOfOutputs: 1 });
  const connect: PcmConnectMessage = { type: 'connect', port: target };
  framer.port.postMessage(connect, [target]);
  // A silent sink keeps the graph pulling the worklet; nothing is played back.
  const sink = context.createGain();
  sink.gain.value = 0;
  source.connect(framer).connect(sink).connect(context.destination);
  if (context.state === 'suspended') await context.resume().catch(() => undefined);
  return {
    stream,
    context,
    sampleRateHz: context.sampleRate,
    async close() {
      stream.getTracks().forEach((t) => t.stop());
      source.disconnect();
      framer.disconnect();
      await context.close();
    },
  };
}
