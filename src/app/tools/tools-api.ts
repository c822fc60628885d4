/**
 * What /tools.html offers the Node scripts (window.affectscopeTools, driven by page.evaluate): the live
 * page's Face Landmarker + alignment on still images, and a shipped model loaded and stepped as the
 * model worker does it. Batches cross as JSON with base64 payloads.
 */
import * as tf from '@tensorflow/tfjs-core';
import { contextWindowAt, type ClipSpectrogram, type SpectrogramOptions } from '../../core/audio';
import { AffectscopeError } from '../../core/errors';
import type { AlignOptions } from '../../core/geometry';
import { createFaceLandmarkers, type FaceLandmarkerHandle } from '../../io/landmarker';
import { AvStreamingModel, loadModelWeights, resolveBackend, type BackendName, type ModelManifest } from '../../model';
import { chooseModel, type ModelIndexEntry } from '../settings';
import { base64ToFloat32 } from './base64';
import { clipFeatures, videoTimesMs } from './clip-audio';
import { prepareFaceBatch, runFaceBatch, type FaceBatchRequest, type FaceBatchResult, type PreparedFaceBatch } from './face-batch';

const LANDMARKER = {
  wasmBaseUrl: '/vendor/mediapipe/wasm',
  modelUrl: '/vendor/mediapipe/face_landmarker.task',
  modelSha256Url: '/vendor/mediapipe/face_landmarker.task.sha256',
} as const;
const TFJS_WASM_PREFIX = '/vendor/tfjs-wasm/';

export interface LoadedModelSummary {
  id: string;
  name: string;
  trained: boolean;
  architecture: string;
  backend: BackendName;
  align: AlignOptions;
  audio: SpectrogramOptions & { contextFrames: number };
  tfjsVersion: string;
}

/** One output row: valence, arousal, 8 AU probabilities, 7 expression probabilities (the head's order). */
export type OutputRow = number[];

export interface EvaluatedFaceBatch extends FaceBatchResult {
  /** per image the model's output row, or null for a miss without fallback */
  outputs: (OutputRow | null)[];
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

function outputRow(p: { valence: number; arousal: number; actionUnitProbabilities: number[]; expressionProbabilities: number[] }): OutputRow {
  return [p.valence, p.arousal, ...p.actionUnitProbabilities, ...p.expressionProbabilities];
}

export class ToolsSession {
  private landmarker: FaceLandmarkerHandle | null = null;
  private model: AvStreamingModel | null = null;
  private manifest: ModelManifest | null = null;
  private blendshapeNames: string[] = [];

  /** The live page's landmarker, in IMAGE mode (every image is unrelated to the one before). */
  async initLandmarker(): Promise<void> {
    if (this.landmarker) return;
    [this.landmarker] = await createFaceLandmarkers({ ...LANDMARKER, runningMode: 'IMAGE' }, [1]);
  }

  prepareFaces(request: FaceBatchRequest, cropSizePx: number): PreparedFaceBatch {
    const batch = prepareFaceBatch(this.requireLandmarker(), request, cropSizePx, this.blendshapeNames);
    if (this.blendshapeNames.length === 0) this.blendshapeNames = batch.blendshapeNames;
    return batch;
  }

  /** Loads `/models/<id>/manifest.json` (default: the live page's default model) on `backend`, as the model worker does. */
  async loadModel(id: string | null, backend: BackendName): Promise<LoadedModelSummary> {
    const response = await fetch('/models/index.json');
    if (!response.ok) throw new AffectscopeError('model-missing', '/models/index.json is missing; run `npm run setup`');
    const index = (await response.json()) as ModelIndexEntry[];
    const entry = chooseModel(index, id);
    if (!entry) throw new AffectscopeError('model-missing', `unknown model "${id}"; known: ${index.map((m) => m.id).join(', ')}`);
    const resolved = await resolveBackend([backend], { allowSoftwareAdapter: true, wasmPathPrefix: TFJS_WASM_PREFIX });
    const { manifest, weights } = await loadModelWeights(`/models/${entry.manifest}`);
    this.model?.dispose();
    this.model = new AvStreamingModel(manifest.architecture, manifest.config, weights, { head: manifest.head });
    this.manifest = manifest;
    const { cropSizePx, colorMode } = manifest.input.face;
    const { contextFrames, ...audio } = manifest.input.audio;
    return {
      id: manifest.id, name: manifest.name, trained: manifest.trained, architecture: manifest.architecture,
      backend: resolved.name, align: { cropSizePx, colorMode }, audio: { ...audio, contextFrames }, tfjsVersion: tf.version_core,
    };
  }

  /**
   * Each image: landmarker + alignment (model's crop size and colour mode), then the model with its state
   * reset, ONE step, audio = silence (the context window before any spectrogram frame: all −1).
   */
  async evaluateFaces(request: FaceBatchRequest): Promise<EvaluatedFaceBatch> {
    const { model, manifest } = this.requireModel();
    const { cropSizePx, colorMode } = manifest.input.face;
    const silence = model.usesAudio ? this.silence(manifest) : null;
    const crops: (Float32Array | null)[] = [];
    const faces = runFaceBatch(this.requireLandmarker(), request, { cropSizePx, colorMode }, (_, face) => crops.push(face.crop));
    const started = performance.now();
    const outputs: (OutputRow | null)[] = [];
    for (const crop of crops) {
      if (!crop) {
        outputs.push(null);
        continue;
      }
      model.reset();
      outputs.push(outputRow(await model.stepAsync(crop, silence, 0)));
    }
    model.reset();
    return { ...faces, outputs, modelMs: performance.now() - started };
  }

  /**
   * One clip: resample + clipSpectrogram as the live page, then the model from a reset state at video times
   * k/fps with a mid-grey face (all 0 in [-1, 1]) and the context window at each time; outputs averaged.
   */
  async evaluateClip(request: ClipRequest): Promise<EvaluatedClip> {
    const { model, manifest } = this.requireModel();
    if (!model.usesAudio) throw new AffectscopeError('invalid-options', `model ${manifest.id} has no audio input`);
    const dspStarted = performance.now();
    const pcm = base64ToFloat32(request.pcmBase64);
    const { contextFrames, ...spectrogramOptions } = manifest.input.audio;
    const clip: ClipSpectrogram = clipFeatures(pcm, request.sampleRateHz, spectrogramOptions);
    const durationMs = (pcm.length * 1000) / request.sampleRateHz;
    const times = videoTimesMs(durationMs, request.fps);
    const dspMs = performance.now() - dspStarted;
    const face = new Float32Array(model.faceSize); // mid-grey: 0 in [-1, 1]
    const started = performance.now();
    const sums = new Array<number>(17).fill(0);
    model.reset();
    for (const tMs of times) {
      const row = outputRow(await model.stepAsync(face, contextWindowAt(clip, tMs, contextFrames), tMs));
      row.forEach((v, k) => (sums[k] += v));
    }
    model.reset();
    return {
      durationMs, steps: times.length, spectrogramFrames: clip.frames.length,
      meanOutputs: sums.map((s) => s / times.length), dspMs, modelMs: performance.now() - started,
    };
  }

  private silence(manifest: ModelManifest): Float32Array {
    const empty: ClipSpectrogram = { frames: [], frameEndMs: new Float64Array(0), freqBins: manifest.input.audio.freqBins };
    return contextWindowAt(empty, 0, manifest.input.audio.contextFrames);
  }

  private requireLandmarker(): FaceLandmarkerHandle {
    if (!this.landmarker) throw new AffectscopeError('internal', 'tools: call initLandmarker() first');
    return this.landmarker;
  }

  private requireModel(): { model: AvStreamingModel; manifest: ModelManifest } {
    if (!this.model || !this.manifest) throw new AffectscopeError('internal', 'tools: call loadModel() first');
    return { model: this.model, manifest: this.manifest };
  }
}
