import * as tf from '@tensorflow/tfjs-core';
import { AffectscopeError } from '../core/errors';
import type { AffectPrediction } from '../core/labels';
import type { Architecture, AvModelConfig, AvModelConfigInput } from './config';
import { validateAvModelConfig } from './config';
import { decodePrediction } from './head';
import type { ModelHeadSpec } from './manifest';
import { AvNetwork } from './network';
import type { RecurrentState } from './network';

export interface AvStreamingModelOptions {
  /** called after every step with how long it took */
  onStepTiming?: (timing: StepTiming) => void;
  /** the manifest's `head` (cosine expression logits); absent = linear */
  head?: ModelHeadSpec;
}

/** Wall-clock cost of one step(), measured with performance.now(). */
export interface StepTiming {
  timestampMs: number;
  /** building and dispatching the graph, ms */
  dispatchMs: number;
  /** dispatch + waiting for and reading the outputs, ms */
  totalMs: number;
}

function disposeState(state: RecurrentState | null): void {
  if (!state) return;
  for (const tensors of Object.values(state)) tf.dispose(tensors);
}

/** One sequence's place in time: its GRU states and the step it is at. */
interface StreamState {
  state: RecurrentState | null;
  lastTimestampMs: number;
  /** the prediction of the step at lastTimestampMs, returned again for a repeat of that time */
  lastPrediction: AffectPrediction | null;
}

function newStreamState(): StreamState {
  return { state: null, lastTimestampMs: -Infinity, lastPrediction: null };
}

function resetStreamState(stream: StreamState): void {
  disposeState(stream.state);
  stream.state = null;
  stream.lastTimestampMs = -Infinity;
  stream.lastPrediction = null;
}

function remember(stream: StreamState, prediction: AffectPrediction): AffectPrediction {
  stream.lastPrediction = structuredClone(prediction);
  return prediction;
}

/** One face's recurrent state over a model's weights (AvStreamingModel.createStream): step() as the model's. */
export interface AvStream {
  step(face: Float32Array, audio: Float32Array | null, timestampMs: number): AffectPrediction;
  stepAsync(face: Float32Array, audio: Float32Array | null, timestampMs: number): Promise<AffectPrediction>;
  /** back to the zero state */
  reset(): void;
  /** frees its state; the stream cannot be stepped afterwards */
  dispose(): void;
}

/**
 * Runs a network frame by frame, carrying the GRU states between video frames (one GRU step per frame).
 * Inputs: a face crop [cropSizePx, cropSizePx, channels] ∈ [-1, 1] (row-major HWC) and, for A/V, the
 * spectrogram context [contextFrames, freqBins] ∈ [-1, 1] (time-major) ending at the frame.
 * Weights live on the tf backend that is current when the model is created.
 */
export class AvStreamingModel {
  readonly architecture: Architecture;
  readonly config: AvModelConfig;
  /** timing of the latest step, or null before the first */
  lastStepTiming: StepTiming | null = null;
  private readonly network: AvNetwork;
  private readonly onStepTiming?: (timing: StepTiming) => void;
  /** the state step() / stepAsync() / reset() carry */
  private readonly main: StreamState = newStreamState();
  /** states of the streams from createStream() not yet disposed (freed with the model) */
  private readonly streams = new Set<StreamState>();
  /** each stream's state, for stepFacesAsync */
  private readonly stateOf = new WeakMap<AvStream, StreamState>();
  private repeats = 0;
  private disposed = false;

  /**
   * `weights`: one Float32Array per paramSpec(architecture, config) entry (e.g. from loadModelWeights).
   * Throws AffectscopeError('invalid-options') on a bad config or a missing / wrongly-sized weight.
   */
  constructor(architecture: Architecture, config: AvModelConfigInput, weights: ReadonlyMap<string, Float32Array>, options: AvStreamingModelOptions = {}) {
    this.architecture = architecture;
    this.config = validateAvModelConfig(config);
    this.network = new AvNetwork(this.architecture, this.config, weights, options.head);
    this.onStepTiming = options.onStepTiming;
  }

  get faceSize(): number {
    return this.config.face.cropSizePx ** 2 * this.config.face.channels;
  }

  get audioSize(): number {
    return this.config.audio.contextFrames * this.config.audio.freqBins;
  }

  /** Whether step() needs an audio context (A/V-MT-VGG-RNN only). */
  get usesAudio(): boolean {
    return this.network.usesAudio;
  }

  /**
   * Steps skipped because their timestampMs repeated the previous step's (video files with duplicate
   * frame times); counted over the model's life, reset() does not clear it.
   */
  get repeatedTimestampCount(): number {
    return this.repeats;
  }

  /**
   * One video frame; `timestampMs` must not go back between calls (until reset()). A repeat of the
   * previous step's time is not run: the recurrent state advances once per instant, and that instant's
   * prediction is returned again (counted in repeatedTimestampCount).
   */
  step(face: Float32Array, audio: Float32Array | null, timestampMs: number): AffectPrediction {
    return this.stepOn(this.main, face, audio, timestampMs);
  }

  /** As step(), but reads the outputs without blocking the thread (better on webgl/webgpu). */
  stepAsync(face: Float32Array, audio: Float32Array | null, timestampMs: number): Promise<AffectPrediction> {
    return this.stepAsyncOn(this.main, face, audio, timestampMs);
  }

  /**
   * Another recurrent state over the same weights (one per face when several are tracked): its steps, timestamps and
   * repeats are its own, as if it were a model of its own. Dispose it when its face is gone; the model's dispose()
   * frees any still open.
   */
  createStream(): AvStream {
    this.assertUsable();
    const state = newStreamState();
    this.streams.add(state);
    const open = () => {
      if (!this.streams.has(state)) throw new AffectscopeError('internal', 'an AvStream was used after dispose()');
      return state;
    };
    const stream: AvStream = {
      step: (face, audio, timestampMs) => this.stepOn(open(), face, audio, timestampMs),
      stepAsync: (face, audio, timestampMs) => this.stepAsyncOn(open(), face, audio, timestampMs),
      reset: () => resetStreamState(open()),
      dispose: () => {
        resetStreamState(state);
        this.streams.delete(state);
      },
    };
    this.stateOf.set(stream, state);
    return stream;
  }

  /**
   * One video frame with several faces, each on its own stream (createStream), all hearing the frame's `audio`: the
   * same predictions as each stream's stepAsync in turn, but the visual CNN runs once on the faces as a batch, the
   * audio CNN once for all of them, and the GRUs once on the streams' stacked states. A stream whose `timestampMs`
   * repeats its previous step's gets that prediction again, as stepAsync would. One face takes stepAsync's path.
   */
  async stepFacesAsync(faces: ReadonlyArray<{ stream: AvStream; face: Float32Array }>, audio: Float32Array | null, timestampMs: number): Promise<AffectPrediction[]> {
    this.assertUsable();
    const states = faces.map(({ stream }, i) => {
      const state = this.stateOf.get(stream);
      if (!state || !this.streams.has(state)) throw new AffectscopeError('internal', `stepFacesAsync: faces[${i}]'s stream is not an open stream of this model`);
      return state;
    });
    if (new Set(states).size !== states.length) throw new AffectscopeError('invalid-options', 'stepFacesAsync: one stream listed twice in a frame');
    const results: Array<AffectPrediction | null> = states.map((state) => this.repeatOf(state, timestampMs));
    const run = states.map((state, i) => ({ state, face: faces[i].face, at: i })).filter(({ at }) => results[at] === null);
    if (run.length > 0) {
      const predictions = await this.runAsync(run.map(({ state }) => state), run.map(({ face }) => face), audio, timestampMs);
      run.forEach(({ at }, row) => (results[at] = predictions[row]));
    }
    return results as AffectPrediction[];
  }

  /** Recurrent states alive: the model's own (once stepped) and its open streams' (once stepped). */
  get liveStateCount(): number {
    return [this.main, ...this.streams].filter((s) => s.state !== null).length;
  }

  /**
   * A whole sequence from a zero state, independent of the streaming state: the CNN bodies run on all
   * T frames as one batch, then the GRUs unroll over time. faces[t], audios[t] as in step().
   */
  runSequence(faces: readonly Float32Array[], audios: readonly Float32Array[] | null): AffectPrediction[] {
    this.assertUsable();
    const steps = faces.length;
    if (steps === 0) throw new AffectscopeError('invalid-options', 'runSequence: expected at least one frame, got 0');
    if (this.usesAudio && audios?.length !== steps) {
      throw new AffectscopeError('invalid-options', `runSequence: expected ${steps} audio contexts (one per face), got ${audios?.length ?? 'none'}`);
    }
    faces.forEach((face, t) => this.checkInput(`faces[${t}]`, face, this.faceSize));
    if (this.usesAudio) audios!.forEach((audio, t) => this.checkInput(`audios[${t}]`, audio, this.audioSize));
    const { cropSizePx, channels } = this.config.face;
    const { contextFrames, freqBins } = this.config.audio;
    const outputs = tf.tidy(() => {
      const faceBatch = tf.tensor4d(concatFloat32(faces), [steps, cropSizePx, cropSizePx, channels]);
      const audioBatch = this.usesAudio ? tf.tensor4d(concatFloat32(audios!), [steps, contextFrames, freqBins, 1]) : null;
      return this.network.sequence(this.network.encode(faceBatch, audioBatch), this.network.zeroState()).outputs;
    });
    const values = outputs.dataSync();
    outputs.dispose();
    return Array.from({ length: steps }, (_, t) => decodePrediction(values, t));
  }

  /** Forgets the recurrent state (face lost, new session); the next step starts from zero. */
  reset(): void {
    resetStreamState(this.main);
  }

  /** Frees the weights and every state; the model cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.reset();
    for (const stream of this.streams) resetStreamState(stream);
    this.streams.clear();
    this.network.dispose();
    this.disposed = true;
  }

  private stepOn(stream: StreamState, face: Float32Array, audio: Float32Array | null, timestampMs: number): AffectPrediction {
    const repeat = this.repeatOf(stream, timestampMs);
    if (repeat) return repeat;
    const started = performance.now();
    const outputs = this.dispatchStep([stream], [face], audio, timestampMs);
    const dispatched = performance.now();
    const values = outputs.dataSync();
    outputs.dispose();
    this.recordTiming(timestampMs, started, dispatched);
    return remember(stream, decodePrediction(values, 0));
  }

  private async stepAsyncOn(stream: StreamState, face: Float32Array, audio: Float32Array | null, timestampMs: number): Promise<AffectPrediction> {
    const repeat = this.repeatOf(stream, timestampMs);
    if (repeat) return repeat;
    return (await this.runAsync([stream], [face], audio, timestampMs))[0];
  }

  /** One step of each of `streams` (none repeating its time) on its face, outputs read without blocking the thread. */
  private async runAsync(streams: readonly StreamState[], faces: readonly Float32Array[], audio: Float32Array | null, timestampMs: number): Promise<AffectPrediction[]> {
    const started = performance.now();
    const outputs = this.dispatchStep(streams, faces, audio, timestampMs);
    const dispatched = performance.now();
    try {
      const values = await outputs.data();
      this.recordTiming(timestampMs, started, dispatched);
      return streams.map((stream, row) => remember(stream, decodePrediction(values, row)));
    } finally {
      outputs.dispose();
    }
  }

  /** A copy of the stream's previous prediction when `timestampMs` repeats its time (counted), else null. */
  private repeatOf(stream: StreamState, timestampMs: number): AffectPrediction | null {
    this.assertUsable();
    if (timestampMs !== stream.lastTimestampMs || stream.lastPrediction === null) return null;
    this.repeats += 1;
    return structuredClone(stream.lastPrediction);
  }

  /**
   * One step of each of `streams` on its face, all hearing `audio`: one row per stream in every batch, the audio
   * encoded once (a single stream runs as before batching: no stacking, tiling or splitting). Returns the outputs,
   * a row per stream.
   */
  private dispatchStep(streams: readonly StreamState[], faces: readonly Float32Array[], audio: Float32Array | null, timestampMs: number): tf.Tensor2D {
    this.assertUsable();
    const rows = streams.length;
    const faceName = (i: number) => (rows === 1 ? 'face' : `faces[${i}]`);
    streams.forEach((stream, i) => {
      if (!Number.isFinite(timestampMs) || timestampMs < stream.lastTimestampMs) {
        const whose = rows === 1 ? '' : ` for ${faceName(i)}`;
        throw new AffectscopeError('invalid-options', `step: expected timestampMs ≥ ${stream.lastTimestampMs}${whose} (increasing; a repeat is skipped), got ${timestampMs}`);
      }
      this.checkInput(faceName(i), faces[i], this.faceSize);
    });
    if (this.usesAudio) this.checkInput('audio', audio, this.audioSize);
    const { cropSizePx, channels } = this.config.face;
    const { contextFrames, freqBins } = this.config.audio;
    for (const stream of streams) stream.state ??= tf.tidy(() => this.network.zeroState() as tf.TensorContainer) as RecurrentState;
    const previous = streams.map((stream) => stream.state!);
    const result = tf.tidy(() => {
      const faceBatch = tf.tensor4d(rows === 1 ? faces[0] : concatFloat32(faces), [rows, cropSizePx, cropSizePx, channels]);
      const audioOnce = this.usesAudio ? tf.tensor4d(audio!, [1, contextFrames, freqBins, 1]) : null;
      const encoded = this.network.encode(faceBatch, audioOnce);
      if (rows === 1) {
        const { outputs, state } = this.network.step(encoded, previous[0]);
        return { outputs, split: [state as tf.TensorContainer] };
      }
      const features = { visual: encoded.visual, audio: encoded.audio ? tf.tile(encoded.audio, [rows, 1]) : null };
      const stacked: RecurrentState = {};
      for (const block of Object.keys(previous[0]) as Array<keyof RecurrentState>) {
        stacked[block] = previous[0][block]!.map((_, layer) => tf.concat(previous.map((state) => state[block]![layer]), 0));
      }
      const { outputs, state } = this.network.step(features, stacked);
      const split = streams.map((_, row) => {
        const own: RecurrentState = {};
        for (const block of Object.keys(state) as Array<keyof RecurrentState>) own[block] = state[block]!.map((h) => tf.slice(h, [row, 0], [1, -1]));
        return own as tf.TensorContainer;
      });
      return { outputs, split };
    });
    // Replaced states are disposed here; on a throw above they stay owned by the streams.
    streams.forEach((stream, row) => {
      disposeState(previous[row]);
      stream.state = result.split[row] as RecurrentState;
      stream.lastTimestampMs = timestampMs;
      stream.lastPrediction = null; // until remember(): a repeat arriving before the outputs are read is run, not answered stale
    });
    return result.outputs;
  }

  private checkInput(what: string, values: Float32Array | null | undefined, expected: number): void {
    if (!(values instanceof Float32Array) || values.length !== expected) {
      const got = values instanceof Float32Array ? `${values.length} values` : String(values);
      const layout = what.startsWith('face')
        ? `${this.config.face.cropSizePx}×${this.config.face.cropSizePx}×${this.config.face.channels}`
        : `${this.config.audio.contextFrames} frames × ${this.config.audio.freqBins} bins`;
      throw new AffectscopeError('invalid-options', `${what}: expected a Float32Array of ${expected} values (${layout}), got ${got}`);
    }
  }

  private assertUsable(): void {
    if (this.disposed) throw new AffectscopeError('internal', 'AvStreamingModel was used after dispose()');
  }

  private recordTiming(timestampMs: number, started: number, dispatched: number): void {
    this.lastStepTiming = { timestampMs, dispatchMs: dispatched - started, totalMs: performance.now() - started };
    this.onStepTiming?.(this.lastStepTiming);
  }
}

function concatFloat32(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
