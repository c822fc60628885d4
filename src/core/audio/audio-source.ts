/**
 * Where the model's audio input comes from, whatever the source: the live microphone (AudioFeatureStream,
 * fed as PCM arrives) or a video file's soundtrack (FileAudio, read at each frame's media time).
 */
export interface AudioSource {
  /**
   * Positions the source at the time of the frame about to be analysed, ms: a file's media time. A live
   * source is always at "now" and ignores it.
   */
  seekTo(timestampMs: number): void;
  /** contextFrames × freqBins ∈ [-1, 1], time-major, oldest first, −1-padded (silence) where nothing was heard */
  window(): Float32Array;
  /** spectrogram frames produced so far (live) or ended by the current time (file) */
  readonly framesTotal: number;
  /** the newest of them, for display; null before the first */
  readonly latestFrame: Float32Array | null;
  /** whether sound is coming in at `nowMs` (live: a chunk arrived within SOUND_ACTIVE_WITHIN_MS; file: it has a soundtrack) */
  isActive(nowMs: number): boolean;
}

/** a live source that delivered nothing for this long counts as silent (the worklet posts every 20 ms) */
export const SOUND_ACTIVE_WITHIN_MS = 500;
