/**
 * What file analysis feeds the pipeline besides frames: the file's soundtrack, decoded as the file is read
 * (WebCodecs through mediabunny) and posted to the model worker ('file-audio') a little ahead of the frames, which
 * takes each crop's audio context at the frame's time. Nothing of it is held whole: an hour's soundtrack needs the
 * memory of a few seconds, here and in the worker.
 */
import { errorMessage } from '../../core/errors';
import type { AudioChunk, VideoFileReader } from '../../io/video-file';
import type { ToModelWorker } from '../../workers/protocol';
import { formatDurationMs } from '../sessions/format';

/** Media time fed ahead of the frame being sent, ms: what the worker holds beyond a step's context. */
export const AUDIO_LEAD_MS = 2000;
/** Decoded audio is posted in pieces of about this length, ms (not one message per 20 ms codec frame). */
const AUDIO_MESSAGE_MS = 500;
/** A seek restarts the soundtrack this far before its point: the model's context (about a second) is heard again. */
export const AUDIO_PRE_ROLL_MS = 3000;
/** A hole in the soundtrack up to this long is filled with silence; a longer jump starts a new stretch there. */
const MAX_FILLED_GAP_MS = 10_000;
/**
 * Packet times that differ from the samples' own count by less than this are taken as contiguous: containers store
 * times in whole ms (a 1024-sample AAC packet at 44.1 kHz lasts 23.22 ms), and cutting or padding by the rounding
 * would tear the sound every packet.
 */
const CONTIGUOUS_WITHIN_MS = 5;

type FileAudioMessage = Extract<ToModelWorker, { type: 'file-audio' }>;

/** The soundtrack's status when the file opens: 'decoded' (it is heard), 'none: …', or why it cannot be used. */
export function soundtrackStatus(info: VideoFileReader['info']): string {
  if (info.audioSampleRateHz === null) return 'none: the file has no soundtrack, the audio stream hears silence';
  if (!info.audioDecodable) return `not decoded: this browser cannot decode its soundtrack (${info.audioCodec}); analysing the video only`;
  return 'decoded';
}

/**
 * Feeds the model worker the soundtrack from a start time (the file's start, or before a seek's point) in time
 * order and without gaps (holes are filled with silence), up to AUDIO_LEAD_MS past each frame sent.
 */
export class SoundtrackFeed {
  /** 'decoded', 'none: …', or what went wrong (then the steps after it hear the sound that came before) */
  status: string;
  private iterator: AsyncGenerator<AudioChunk, void, undefined> | null = null;
  private ended = false;
  /** media time up to which the soundtrack has been gathered (posted or pending), ms */
  private reachedMs = 0;
  /** the stretch being fed: its rate, whether its first message is still to go, where it started */
  private rateHz = 0;
  private restartAtMs: number | null = null;
  /** whether the next message starts the stretch (restartAtMs) */
  private pendingRestart = false;
  private pending: Float32Array[] = [];
  private pendingSamples = 0;
  /** where the feed was last started, ms (a stretch that never got a sample starts there) */
  private startedAtMs = 0;

  /** the file has a soundtrack this browser decodes (the worker is told so once, at open) */
  readonly hasSound: boolean;

  constructor(private readonly reader: VideoFileReader, private readonly send: (message: ToModelWorker, transfer: Transferable[]) => void) {
    this.status = soundtrackStatus(reader.info);
    this.hasSound = this.status === 'decoded';
  }

  /** Puts the model worker in file mode; the first frame comes after this. */
  open(): void {
    this.send({ type: 'file-open', hasSound: this.hasSound }, []);
  }

  /** (Re)starts the feed AUDIO_PRE_ROLL_MS before `timeMs` (a seek; 0 at the start). */
  start(timeMs: number): void {
    void this.iterator?.return(undefined);
    this.iterator = null;
    this.pending = [];
    this.pendingSamples = 0;
    this.restartAtMs = null;
    this.ended = !this.hasSound;
    if (this.ended) return;
    this.startedAtMs = Math.max(0, timeMs - AUDIO_PRE_ROLL_MS);
    this.iterator = this.reader.audio(this.startedAtMs);
  }

  /** media time up to which the stretch has been posted, ms (what has been gathered, less what waits to be posted) */
  private get postedMs(): number {
    return this.pendingSamples === 0 ? this.reachedMs : this.reachedMs - (this.pendingSamples * 1000) / this.rateHz;
  }

  /** Posts the soundtrack up to AUDIO_LEAD_MS past `frameTimeMs` (or to its end). */
  async feedUntil(frameTimeMs: number): Promise<void> {
    while (!this.ended && (this.restartAtMs === null || this.postedMs < frameTimeMs + AUDIO_LEAD_MS)) {
      let next: IteratorResult<AudioChunk, void>;
      try {
        next = await this.iterator!.next();
      } catch (error) {
        this.status = `decoded up to ${formatDurationMs(Math.max(0, this.reachedMs))}, then it failed (${errorMessage(error)}); later frames hear the sound before it`;
        next = { done: true, value: undefined };
      }
      if (next.done) {
        this.post(true);
        this.ended = true;
        return;
      }
      this.gather(next.value);
      if ((this.pendingSamples * 1000) / this.rateHz >= AUDIO_MESSAGE_MS) this.post(false);
    }
  }

  dispose(): void {
    void this.iterator?.return(undefined);
    this.iterator = null;
    this.ended = true;
  }

  /** Adds a decoded chunk to what is to be posted, continuing the stretch: a hole is silence, an overlap is cut. */
  private gather(chunk: AudioChunk): void {
    const newStretch = this.restartAtMs === null || chunk.sampleRateHz !== this.rateHz || chunk.timestampMs - this.reachedMs > MAX_FILLED_GAP_MS;
    if (newStretch) {
      if (this.restartAtMs !== null) this.post(false);
      this.rateHz = chunk.sampleRateHz;
      this.restartAtMs = chunk.timestampMs;
      this.reachedMs = chunk.timestampMs;
      this.pendingRestart = true;
    }
    const offsetMs = chunk.timestampMs - this.reachedMs;
    const offsetSamples = Math.abs(offsetMs) < CONTIGUOUS_WITHIN_MS ? 0 : Math.round((offsetMs * this.rateHz) / 1000);
    let samples = chunk.samples;
    if (offsetSamples > 0) this.add(new Float32Array(offsetSamples));
    else if (offsetSamples < 0) samples = samples.subarray(Math.min(samples.length, -offsetSamples));
    this.add(samples);
  }

  private add(samples: Float32Array): void {
    if (samples.length === 0) return;
    this.pending.push(samples);
    this.pendingSamples += samples.length;
    this.reachedMs += (samples.length * 1000) / this.rateHz;
  }

  private post(last: boolean): void {
    if (this.pendingSamples === 0 && !last) return;
    if (this.restartAtMs === null) {
      // Nothing was decoded from the start point on: an empty stretch that has ended, so no step waits for it.
      this.rateHz = this.reader.info.audioSampleRateHz ?? 48_000;
      this.restartAtMs = this.startedAtMs;
      this.pendingRestart = true;
    }
    const samples = new Float32Array(this.pendingSamples);
    let at = 0;
    for (const part of this.pending) {
      samples.set(part, at);
      at += part.length;
    }
    const message: FileAudioMessage = { type: 'file-audio', samples, sampleRateHz: this.rateHz, restartAtMs: this.pendingRestart ? this.restartAtMs : null, last };
    this.send(message, [samples.buffer]);
    this.pendingRestart = false;
    this.pending = [];
    this.pendingSamples = 0;
  }
}

/**
 * ms of analysis left from media time `timeMs` to the end of a file of `durationMs` at `frameRateHz`, at `resultsPerSecond`;
 * null before a speed is known.
 */
export function remainingAnalysisMs(durationMs: number, frameRateHz: number, timeMs: number, resultsPerSecond: number): number | null {
  if (resultsPerSecond <= 0) return null;
  return ((Math.max(0, durationMs - timeMs) / 1000) * frameRateHz * 1000) / resultsPerSecond;
}
