/**
 * Typed message protocol between the page (main thread) and the pipeline worker, which hosts
 * MediaPipe Face Landmarker, the audio DSP and the TensorFlow.js model so the UI thread stays free.
 */
import type { ErrorCode } from '../core/errors';
import type { AffectPrediction } from '../core/labels';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendChoice = BackendName | 'auto';

export interface PipelineInitOptions {
  /** URL of the model manifest (public/models/<id>/manifest.json) */
  manifestUrl: string;
  backend: BackendChoice;
  /** folder that serves the MediaPipe tasks-vision wasm files */
  mediapipeWasmBaseUrl: string;
  /** URL of face_landmarker.task and of its expected sha256 (hex text) */
  landmarkerUrl: string;
  landmarkerSha256Url: string;
  /** prefix of the tfjs wasm backend binaries */
  tfjsWasmPrefix: string;
}

export type ToWorker =
  | { type: 'init'; options: PipelineInitOptions }
  | { type: 'audio-port'; port: MessagePort }
  | { type: 'frame'; bitmap: ImageBitmap; timestampMs: number }
  | { type: 'set-backend'; backend: BackendChoice }
  | { type: 'set-model'; manifestUrl: string }
  | { type: 'reset' };

export interface SkippedBackend {
  name: BackendName;
  reason: string;
}

export interface ModelSummary {
  id: string;
  name: string;
  trained: boolean;
  data: string;
  licence: string;
  notes: string;
  heldOutMetrics: Record<string, number | string> | null;
  architecture: string;
  widthMultiplier: number;
}

/** Per-stage latency of one processed video frame, ms. */
export interface StageTimesMs {
  landmarksMs: number;
  alignmentMs: number;
  /** DSP time spent on the audio that arrived since the previous frame */
  spectrogramMs: number;
  modelMs: number;
  totalMs: number;
}

export interface FaceBoxPx {
  xPx: number;
  yPx: number;
  widthPx: number;
  heightPx: number;
}

export type FrameStatus = 'ok' | 'no-face' | 'multiple-faces';

export interface FrameResult {
  type: 'result';
  timestampMs: number;
  frameWidthPx: number;
  frameHeightPx: number;
  status: FrameStatus;
  faceCount: number;
  /** the tracked (largest) face, or null */
  box: FaceBoxPx | null;
  /** landmarks of the tracked face, normalised [0,1], interleaved x,y (478×2) */
  landmarks: Float32Array | null;
  /** the aligned crop as RGBA bytes for display (cropSize² × 4), or null */
  cropRgba: Uint8ClampedArray | null;
  cropSizePx: number;
  /** null when there is no face: the plots show "no face", never stale values */
  prediction: AffectPrediction | null;
  stageMs: StageTimesMs;
  /** spectrogram frames computed since the page started */
  audioFramesTotal: number;
  /** the newest spectrogram frame, in [-1, 1], for display */
  latestSpectrogramFrame: Float32Array | null;
  audioActive: boolean;
}

export type FromWorker =
  | { type: 'ready'; backend: BackendName; skipped: SkippedBackend[]; model: ModelSummary; initMs: number }
  | FrameResult
  | { type: 'frame-skipped'; timestampMs: number }
  | { type: 'error'; code: ErrorCode; message: string; fatal: boolean };
