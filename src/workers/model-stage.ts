/** The model half of the worker: backend choice, verified weights, and the streaming network. */
import * as tf from '@tensorflow/tfjs-core';
import type { AlignOptions } from '../core/geometry';
import type { SpectrogramOptions } from '../core/audio';
import type { AffectPrediction } from '../core/labels';
import type { BackendName } from '../model/backends';
import { AffectscopeError } from '../core/errors';
import { createStreamingModel, type StreamingModel } from '../model/create-streaming-model';
import type { AvStream } from '../model/streaming';
import type { ModelManifest } from '../model/manifest';
import type { BackendChoice, ModelSummary, SkippedBackend } from './protocol';

const AUTO_ORDER: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export function summarise(manifest: ModelManifest): ModelSummary {
  return {
    id: manifest.id,
    name: manifest.name,
    trained: manifest.trained,
    data: manifest.provenance.data,
    licence: manifest.provenance.licence,
    notes: manifest.provenance.notes,
    heldOutMetrics: manifest.provenance.heldOutMetrics,
    derivedOutputs: manifest.provenance.derivedOutputs ?? {},
    actionUnitThresholds: manifest.actionUnitThresholds ? [...manifest.actionUnitThresholds.values] : null,
    architecture: manifest.architecture,
    widthMultiplier: manifest.config.widthMultiplier,
    audioWidthMultiplier: manifest.config.audio.widthMultiplier,
  };
}

/** One face's recurrent state on a loaded model (its weights shared): made on its track's first crop, disposed when the track ends. */
export interface ModelStream {
  /** face: cropSize² × channels ∈ [-1, 1]; audio: contextFrames × freqBins ∈ [-1, 1] */
  step(face: Float32Array, audio: Float32Array, timestampMs: number): Promise<AffectPrediction>;
  dispose(): void;
}

/** What the model worker needs of a loaded model; ModelStage in the browser, a fake in the tests. */
export interface ModelStep {
  readonly manifestUrl: string;
  readonly backendChoice: BackendChoice;
  readonly backend: BackendName;
  readonly skipped: SkippedBackend[];
  readonly summary: ModelSummary;
  readonly alignOptions: AlignOptions;
  readonly spectrogramOptions: SpectrogramOptions;
  readonly contextFrames: number;
  /** tensors alive on the backend (weights + recurrent state when nothing leaks) */
  readonly numTensors: number;
  /** a recurrent state of its own for one more face */
  createStream(): ModelStream;
  /**
   * One frame's faces, each on its stream (from this stage's createStream), hearing the same audio: the predictions
   * each stream's step would give, in the order given, computed together where that is cheaper (AvStreamingModel.stepFacesAsync).
   */
  stepFaces(faces: ReadonlyArray<{ stream: ModelStream; face: Float32Array }>, audio: Float32Array, timestampMs: number): Promise<AffectPrediction[]>;
  /** frees the weights and every stream */
  dispose(): void;
}

export class ModelStage implements ModelStep {
  readonly backend: BackendName;
  readonly skipped: SkippedBackend[];
  readonly manifest: ModelManifest;
  readonly alignOptions: AlignOptions;
  readonly spectrogramOptions: SpectrogramOptions;
  readonly contextFrames: number;
  private readonly model: StreamingModel['model'];
  private readonly avStreams = new WeakMap<ModelStream, AvStream>();

  private constructor(
    readonly manifestUrl: string,
    readonly backendChoice: BackendChoice,
    created: StreamingModel,
  ) {
    this.backend = created.backend;
    this.skipped = created.skipped;
    this.manifest = created.manifest;
    this.model = created.model;
    this.alignOptions = created.alignOptions;
    this.spectrogramOptions = created.spectrogramOptions;
    this.contextFrames = created.contextFrames;
  }

  static async create(manifestUrl: string, choice: BackendChoice, wasmPathPrefix: string): Promise<ModelStage> {
    // A backend the user picks is used even when it is a slow software adapter: they asked for it.
    const backends = choice === 'auto' ? AUTO_ORDER : [choice];
    const created = await createStreamingModel({ manifestUrl, backends, allowSoftwareAdapter: choice !== 'auto', wasmPathPrefix });
    return new ModelStage(manifestUrl, choice, created);
  }

  get summary(): ModelSummary {
    return summarise(this.manifest);
  }

  /** Its steps read the outputs asynchronously: webgl/webgpu cannot (or should not) read back synchronously. */
  createStream(): ModelStream {
    const stream = this.model.createStream();
    const wrapped: ModelStream = { step: (face, audio, timestampMs) => stream.stepAsync(face, audio, timestampMs), dispose: () => stream.dispose() };
    this.avStreams.set(wrapped, stream);
    return wrapped;
  }

  stepFaces(faces: ReadonlyArray<{ stream: ModelStream; face: Float32Array }>, audio: Float32Array, timestampMs: number): Promise<AffectPrediction[]> {
    return this.model.stepFacesAsync(faces.map(({ stream, face }, i) => {
      const own = this.avStreams.get(stream);
      if (!own) throw new AffectscopeError('internal', `stepFaces: faces[${i}]'s stream was not made by this stage`);
      return { stream: own, face };
    }), audio, timestampMs);
  }

  get numTensors(): number {
    return tf.memory().numTensors;
  }

  dispose(): void {
    this.model.dispose();
  }
}
