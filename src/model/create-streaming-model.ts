/**
 * The one door to a running model (as MediaPipe's createFromOptions): make a tfjs backend current, load the
 * verified weights, build the AvStreamingModel on that backend, and hand back what its manifest declares
 * about its inputs (crop alignment, spectrogram front end, audio context length).
 */
import type { SpectrogramOptions } from '../core/audio';
import { AffectscopeError } from '../core/errors';
import type { AlignOptions } from '../core/geometry';
import { resolveBackend, type BackendName, type SkippedBackend } from './backends';
import { loadModelWeights, type FetchFn, type LoadedModelWeights } from './loader';
import type { ModelManifest } from './manifest';
import { AvStreamingModel } from './streaming';

export interface StreamingModelOptions {
  /** manifest.json to fetch and verify; exactly one of this and `loaded` */
  manifestUrl?: string;
  /** weights already loaded (and verified) by loadModelWeights, e.g. to build the model on several backends */
  loaded?: LoadedModelWeights;
  /** backends to try, in order; the first that starts is used (the others' reasons come back in `skipped`) */
  backends: readonly BackendName[];
  /** use a software GPU adapter (20–80× slower than wasm): only when the user or a check asked for it */
  allowSoftwareAdapter?: boolean;
  /** where the tfjs-backend-wasm binaries are served, ending in '/' */
  wasmPathPrefix?: string;
  /** replaced in tests */
  fetchFn?: FetchFn;
}

export interface StreamingModel {
  model: AvStreamingModel;
  manifest: ModelManifest;
  backend: BackendName;
  /** every backend tried before `backend`, with why it was not used */
  skipped: SkippedBackend[];
  /** how faces must be cropped for this model */
  alignOptions: AlignOptions;
  /** the spectrogram front end the model was trained with */
  spectrogramOptions: SpectrogramOptions;
  /** spectrogram frames of context per video frame */
  contextFrames: number;
}

/** The crop the manifest declares: side in pixels and colour mode. */
export function manifestAlignOptions(manifest: ModelManifest): AlignOptions {
  return { cropSizePx: manifest.input.face.cropSizePx, colorMode: manifest.input.face.colorMode };
}

/** The spectrogram front end the manifest declares (its audio input spec without contextFrames). */
export function manifestSpectrogramOptions(manifest: ModelManifest): SpectrogramOptions {
  const { sampleRateHz, windowMs, overlapMs, fftSize, freqBins, minDb, maxDb } = manifest.input.audio;
  return { sampleRateHz, windowMs, overlapMs, fftSize, freqBins, minDb, maxDb };
}

/**
 * resolveBackend → loadModelWeights (unless `loaded`) → new AvStreamingModel. Throws AffectscopeError:
 * 'invalid-options' (contradictory options, at once), 'backend-unavailable' / 'webgpu-missing' (no backend
 * started), 'model-missing' / 'model-manifest' / 'model-integrity' (weights).
 */
export async function createStreamingModel(options: StreamingModelOptions): Promise<StreamingModel> {
  if ((options.manifestUrl === undefined) === (options.loaded === undefined)) {
    const got = options.manifestUrl === undefined ? 'neither' : 'both';
    throw new AffectscopeError('invalid-options', `createStreamingModel: expected exactly one of manifestUrl and loaded, got ${got}`);
  }
  const { name, skipped } = await resolveBackend(options.backends, {
    allowSoftwareAdapter: options.allowSoftwareAdapter ?? false,
    wasmPathPrefix: options.wasmPathPrefix,
  });
  const { manifest, weights } = options.loaded ?? (await loadModelWeights(options.manifestUrl!, options.fetchFn));
  const model = new AvStreamingModel(manifest.architecture, manifest.config, weights, { head: manifest.head });
  return {
    model, manifest, backend: name, skipped,
    alignOptions: manifestAlignOptions(manifest),
    spectrogramOptions: manifestSpectrogramOptions(manifest),
    contextFrames: manifest.input.audio.contextFrames,
  };
}
