/** The model half of the worker: backend choice, verified weights, and the streaming network. */
import * as tf from '@tensorflow/tfjs-core';
import type { AlignOptions } from '../core/geometry';
import type { SpectrogramOptions } from '../core/audio';
import type { AffectPrediction } from '../core/labels';
import { resolveBackend, type BackendName } from '../model/backends';
import { loadModelWeights } from '../model/loader';
import type { ModelManifest } from '../model/manifest';
import { AvStreamingModel } from '../model/streaming';
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
    architecture: manifest.architecture,
    widthMultiplier: manifest.config.widthMultiplier,
  };
}

export class ModelStage {
  private constructor(
    readonly manifestUrl: string,
    readonly backendChoice: BackendChoice,
    readonly backend: BackendName,
    readonly skipped: SkippedBackend[],
    readonly manifest: ModelManifest,
    private readonly model: AvStreamingModel,
  ) {}

  static async create(manifestUrl: string, choice: BackendChoice, wasmPathPrefix: string): Promise<ModelStage> {
    // A backend the user picks is used even when it is a slow software adapter: they asked for it.
    const order = choice === 'auto' ? AUTO_ORDER : [choice];
    const { name, skipped } = await resolveBackend(order, { allowSoftwareAdapter: choice !== 'auto', wasmPathPrefix });
    const { manifest, weights } = await loadModelWeights(manifestUrl);
    const model = new AvStreamingModel(manifest.architecture, manifest.config, weights, { head: manifest.head });
    return new ModelStage(manifestUrl, choice, name, skipped, manifest, model);
  }

  get summary(): ModelSummary {
    return summarise(this.manifest);
  }

  get alignOptions(): AlignOptions {
    return { cropSizePx: this.manifest.input.face.cropSizePx, colorMode: this.manifest.input.face.colorMode };
  }

  get spectrogramOptions(): SpectrogramOptions {
    const { sampleRateHz, windowMs, overlapMs, fftSize, freqBins, minDb, maxDb } = this.manifest.input.audio;
    return { sampleRateHz, windowMs, overlapMs, fftSize, freqBins, minDb, maxDb };
  }

  get contextFrames(): number {
    return this.manifest.input.audio.contextFrames;
  }

  /** Reads the outputs asynchronously: webgl/webgpu cannot (or should not) read back synchronously. */
  step(face: Float32Array, audio: Float32Array, timestampMs: number): Promise<AffectPrediction> {
    return this.model.stepAsync(face, audio, timestampMs);
  }

  reset(): void {
    this.model.reset();
  }

  /** tensors alive on the backend (weights + recurrent state when nothing leaks) */
  get numTensors(): number {
    return tf.memory().numTensors;
  }

  dispose(): void {
    this.model.dispose();
  }
}
