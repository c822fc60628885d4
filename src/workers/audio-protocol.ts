/** Messages from the PCM-framing AudioWorklet to whoever holds the other end of its port. */
export interface PcmChunkMessage {
  type: 'pcm';
  /** mono PCM in [-1, 1], length = chunkSamples */
  samples: Float32Array;
  /** the AudioContext's sample rate */
  sampleRateHz: number;
  /** time of the first sample on the AudioContext clock, ms */
  startTimeMs: number;
}

export interface PcmFramerOptions {
  /** samples per posted chunk (960 = 20 ms at 48 kHz) */
  chunkSamples: number;
}

/** Sent to the worklet's own port to hand it the port it should post chunks to. */
export interface PcmConnectMessage {
  type: 'connect';
  port: MessagePort;
}
