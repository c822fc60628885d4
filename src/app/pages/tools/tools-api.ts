/**
 * What /tools.html offers the Node scripts (window.affectscopeTools, driven by page.evaluate): the live
 * page's Face Landmarker + alignment on still images, and a shipped model loaded and stepped as the
 * model worker does it. Batches cross as JSON with base64 payloads.
 */
import * as tf from '@tensorflow/tfjs-core';
import { contextWindowAt, type ClipSpectrogram, type SpectrogramOptions } from '../../../core/audio';
import { AffectscopeError } from '../../../core/errors';
import type { AlignOptions } from '../../../core/geometry';
import { requireModel as requireListedModel } from '../../../core/model-index';
import { PREDICTION_ROW_LENGTH, predictionValues } from '../../../core/prediction-values';
import { LANDMARKER_ASSETS, loadModelIndex, modelManifestUrl, TFJS_WASM_PREFIX } from '../../../io/assets';
import { createFaceLandmarkers, type FaceLandmarkerHandle } from '../../../io/landmarker';
import { createStreamingModel, type BackendName, type StreamingModel } from '../../../model';
import { base64ToFloat32 } from './base64';
import { clipFeatures, videoTimesMs } from './clip-audio';
import { prepareFaceBatch, runFaceBatch, type FaceBatchRequest, type FaceBatchResult, type PreparedFaceBatch } from './face-batch';

export interface LoadedModelSummary {
  id: string;
  name: string;
  trained: boolean;
  architecture: string;
  backend: BackendName;
  align: AlignOptions;
  audio: SpectrogramOptions & { contextFrames: number };
  tfjsVersion: string;
  /** the manifest's AU thresholds (values, chosenOn), or null: present from 0.5 */
  actionUnitThresholds: { values: number[]; chosenOn: string } | null;
}

/** One output row: valence, arousal, 8 AU probabilities, 7 expression probabilities (the head's order; core/prediction-values). */
export type OutputRow = number[];

export interface EvaluatedFaceBatch extends FaceBatchResult {
  /** per image the model's output row, or null for a miss without fallback */
  outputs: (OutputRow | null)[];
  /** per image the landmarker's blendshape scores (MediaPipe names), or null where it found no face */
  blendshapes: (Record<string, number> | null)[];
  modelMs: number;
}

export interface ClipRequest {
  /** mono float32 PCM ∈ [-1, 1], base64 of little-endian bytes */
  pcmBase64: string;
  sampleRateHz: number;
  /** video frame rate of the steps, e.g. 30 */
  fps: number;
}

export interface EvaluatedClip {
  durationMs: number;
  steps: number;
  spectrogramFrames: number;
  /** mean over steps of each output (the head's order) */
  meanOutputs: OutputRow;
  dspMs: number;
  modelMs: number;
}

/** The context window before any spectrogram frame: silence (all −1), contextFrames × freqBins. */
function silenceWindow(freqBins: number, contextFrames: number): Float32Array {
  const empty: ClipSpectrogram = { frames: [], frameEndMs: new Float64Array(0), freqBins };
  return contextWindowAt(empty, 0, contextFrames);
}

export class ToolsSession {
  private landmarker: FaceLandmarkerHandle | null = null;
  private loaded: StreamingModel | null = null;
  private blendshapeNames: string[] = [];

  /** The live page's landmarker, in IMAGE mode (every image is unrelated to the one before). */
  async initLandmarker(): Promise<void> {
    if (this.landmarker) return;
    [this.landmarker] = await createFaceLandmarkers({ ...LANDMARKER_ASSETS, runningMode: 'IMAGE' }, [1]);
  }

  prepareFaces(request: FaceBatchRequest, cropSizePx: number): PreparedFaceBatch {
    const batch = prepareFaceBatch(this.requireLandmarker(), request, cropSizePx, this.blendshapeNames);
    if (this.blendshapeNames.length === 0) this.blendshapeNames = batch.blendshapeNames;
    return batch;
  }

  /** Loads `/models/<id>/manifest.json` (default: the live page's default model) on `backend`, as the model worker does. */
  async loadModel(id: string | null, backend: BackendName): Promise<LoadedModelSummary> {
    const entry = requireListedModel(await loadModelIndex(), id);
    const created = await createStreamingModel({
      manifestUrl: modelManifestUrl(entry), backends: [backend], allowSoftwareAdapter: true, wasmPathPrefix: TFJS_WASM_PREFIX,
    });
    this.loaded?.model.dispose();
    this.loaded = created;
    const { manifest } = created;
    return {
      id: manifest.id, name: manifest.name, trained: manifest.trained, architecture: manifest.architecture,
      backend: created.backend, align: created.alignOptions, audio: { ...created.spectrogramOptions, contextFrames: created.contextFrames }, tfjsVersion: tf.version_core,
      actionUnitThresholds: manifest.actionUnitThresholds ?? null,
    };
  }

  /**
   * Each image: landmarker + alignment (model's crop size and colour mode), then the model with its state
   * reset, ONE step, audio = silence (the context window before any spectrogram frame: all −1).
   */
  async evaluateFaces(request: FaceBatchRequest): Promise<EvaluatedFaceBatch> {
    const { model, alignOptions, spectrogramOptions, contextFrames } = this.requireModel();
    const silence = model.usesAudio ? silenceWindow(spectrogramOptions.freqBins, contextFrames) : null;
    const crops: (Float32Array | null)[] = [];
    const blendshapes: (Record<string, number> | null)[] = [];
    const faces = runFaceBatch(this.requireLandmarker(), request, alignOptions, (_, face) => {
      crops.push(face.crop);
      blendshapes.push(face.blendshapes);
    });
    const started = performance.now();
    const outputs: (OutputRow | null)[] = [];
    for (const crop of crops) {
      if (!crop) {
        outputs.push(null);
        continue;
      }
      model.reset();
      outputs.push(predictionValues(await model.stepAsync(crop, silence, 0)));
    }
    model.reset();
    return { ...faces, outputs, blendshapes, modelMs: performance.now() - started };
  }

  /**
   * One clip: resample + clipSpectrogram as the live page, then the model from a reset state at video times
   * k/fps with a mid-grey face (all 0 in [-1, 1]) and the context window at each time; outputs averaged.
   */
  async evaluateClip(request: ClipRequest): Promise<EvaluatedClip> {
    const { model, manifest, spectrogramOptions, contextFrames } = this.requireModel();
    if (!model.usesAudio) throw new AffectscopeError('invalid-options', `model ${manifest.id} has no audio input`);
    const dspStarted = performance.now();
    const pcm = base64ToFloat32(request.pcmBase64);
    const clip: ClipSpectrogram = clipFeatures(pcm, request.sampleRateHz, spectrogramOptions);
    const durationMs = (pcm.length * 1000) / request.sampleRateHz;
    const times = videoTimesMs(durationMs, request.fps);
    const dspMs = performance.now() - dspStarted;
    const face = new Float32Array(model.faceSize); // mid-grey: 0 in [-1, 1]
    const started = performance.now();
    const sums = new Array<number>(PREDICTION_ROW_LENGTH).fill(0);
    model.reset();
    for (const tMs of times) {
      const row = predictionValues(await model.stepAsync(face, contextWindowAt(clip, tMs, contextFrames), tMs));
      row.forEach((v, k) => (sums[k] += v));
    }
    model.reset();
    return {
      durationMs, steps: times.length, spectrogramFrames: clip.frames.length,
      meanOutputs: sums.map((s) => s / times.length), dspMs, modelMs: performance.now() - started,
    };
  }

  private requireLandmarker(): FaceLandmarkerHandle {
    if (!this.landmarker) throw new AffectscopeError('internal', 'tools: call initLandmarker() first');
    return this.landmarker;
  }

  private requireModel(): StreamingModel {
    if (!this.loaded) throw new AffectscopeError('internal', 'tools: call loadModel() first');
    return this.loaded;
  }
}
