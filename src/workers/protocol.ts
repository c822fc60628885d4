/**
 * Typed message protocol between the page (main thread) and the two workers: the face worker
 * (MediaPipe Face Landmarker + alignment) and the model worker (audio DSP + TensorFlow.js), which
 * keep the heavy work off the UI thread.
 */
import type { ErrorCode } from '../core/errors';
import type { AffectPrediction } from '../core/labels';
import type { AlignOptions } from '../core/geometry';
import type { PostedFrame } from '../io/frame-image';
import type { BackendName, SkippedBackend } from '../model/backends';
import type { DerivedOutputs } from '../model/manifest';

export type { BackendName, SkippedBackend };
export type BackendChoice = BackendName | 'auto';

/** What the page needs to start both workers. */
export type PipelineInitOptions = FaceWorkerInit & ModelWorkerInit;

/** Page → face worker (MediaPipe landmarks + alignment). */
export type ToFaceWorker =
  | { type: 'init'; options: FaceWorkerInit }
  /** the port on which crops go straight to the model worker */
  | { type: 'model-port'; port: MessagePort }
  | { type: 'set-align'; alignOptions: AlignOptions }
  /** most faces given a track of their own (src/core/tracking); 1 until told */
  | { type: 'set-max-tracks'; maxTracks: number }
  | { type: 'frame'; frame: PostedFrame; timestampMs: number };

export interface FaceWorkerInit {
  /** folder that serves the MediaPipe tasks-vision wasm files */
  mediapipeWasmBaseUrl: string;
  /** URL of face_landmarker.task and of its expected sha256 (hex text) */
  landmarkerUrl: string;
  landmarkerSha256Url: string;
}

/** Page → model worker (audio DSP + TensorFlow.js). */
export type ToModelWorker =
  | { type: 'init'; options: ModelWorkerInit }
  | { type: 'audio-port'; port: MessagePort }
  | { type: 'face-port'; port: MessagePort }
  | { type: 'set-backend'; backend: BackendChoice }
  | { type: 'set-model'; manifestUrl: string }
  /** clears the recurrent state and audio context; crops of frames captured before `beforeTimestampMs` are dropped */
  | { type: 'reset'; beforeTimestampMs: number }
  /**
   * Analyse a video file from now on: every crop is run, in order (none dropped), its timestampMs is the
   * frame's time in the file, and its audio input is the context window of the soundtrack at that time, fed by
   * 'file-audio' ahead of the frames (`hasSound` false: the file has none, the audio stream gets silence).
   * A 'reset' then clears the recurrent state and any crop not yet run, whatever its time (a seek).
   */
  | { type: 'file-open'; hasSound: boolean }
  /**
   * The soundtrack's next mono PCM at sampleRateHz, in order and without gaps. `restartAtMs`: a new stretch begins
   * with these samples, the first at that media time (the file's start, or a little before a seek's point).
   * `last`: the soundtrack ends with them. A crop waits for the audio up to its time.
   */
  | { type: 'file-audio'; samples: Float32Array; sampleRateHz: number; restartAtMs: number | null; last: boolean };

export interface ModelWorkerInit {
  /** URL of the model manifest (public/models/<id>/manifest.json) */
  manifestUrl: string;
  backend: BackendChoice;
  /** prefix of the tfjs wasm backend binaries */
  tfjsWasmPrefix: string;
}

/** One tracked face's aligned crop: HWC, cropSize² × 3, ∈ [-1, 1]. */
export interface TrackCrop {
  trackId: number;
  /** the track's current run (FaceTracker): a new run starts a new recurrent state even under the same id */
  trackRun: number;
  crop: Float32Array;
}

/** Face worker → model worker, one per processed frame. */
export interface CropMessage {
  type: 'crop';
  timestampMs: number;
  /** the tracked faces' crops, largest face first (the primary face); empty when no face was found */
  faces: TrackCrop[];
  /**
   * every track alive after this frame, seen or remembered (src/core/tracking): the model keeps a recurrent state for
   * these and drops any other's, so a crop message dropped by the newest-wins policy never leaks a state
   */
  liveTrackIds: number[];
}

export interface ModelSummary {
  id: string;
  name: string;
  trained: boolean;
  data: string;
  licence: string;
  notes: string;
  heldOutMetrics: Record<string, number | string> | null;
  /** outputs learned from derived targets, with how (see ModelProvenance.derivedOutputs) */
  derivedOutputs: DerivedOutputs;
  /** P(AU) from which each AU is present (ModelManifest.actionUnitThresholds); null: 0.5 for every AU */
  actionUnitThresholds: number[] | null;
  architecture: string;
  widthMultiplier: number;
  /** the audio stream's width multiplier (A/V models; the visual stream's unless the model widens it) */
  audioWidthMultiplier: number;
}

/** Per-stage latency, ms. */
export interface StageTimesMs {
  landmarksMs: number;
  alignmentMs: number;
  /** DSP time spent on the audio that arrived since the previous prediction */
  spectrogramMs: number;
  modelMs: number;
  /** from frame capture on the page to the prediction back on the page */
  totalMs: number;
}

export interface FaceBoxPx {
  xPx: number;
  yPx: number;
  widthPx: number;
  heightPx: number;
}

export type FrameStatus = 'ok' | 'no-face' | 'multiple-faces';

/** One face of a frame with its track (see src/core/tracking for how ids are kept). */
export interface TrackedFace {
  /** stable while the face stays in view or is away ≤ 1 s; never reused */
  trackId: number;
  box: FaceBoxPx;
  /** the aligned crop as RGBA bytes for display (cropSize² × 4) */
  cropRgba: Uint8ClampedArray;
  /** its 8 AUs measured from its blendshapes (as FaceResult.measuredActionUnits) */
  measuredActionUnits: number[];
  /** its landmarks, normalised [0,1], interleaved x,y (478×2) */
  landmarks: Float32Array;
}

/** Face worker → page: what was found in one frame. */
export interface FaceResult {
  type: 'face';
  timestampMs: number;
  frameWidthPx: number;
  frameHeightPx: number;
  status: FrameStatus;
  /** faces found, tracked or not */
  faceCount: number;
  /**
   * every tracked face, largest first (at most the worker's maxTracks). faces[0] is the primary face, whose box,
   * crop and AUs are also the fields below (what a one-face consumer reads); [] with no face.
   */
  faces: TrackedFace[];
  /** the primary face's track id, or null */
  trackId: number | null;
  /** every track alive after this frame, in view or remembered (away ≤ 1 s), ascending */
  liveTrackIds: number[];
  /** the primary (largest tracked) face, or null */
  box: FaceBoxPx | null;
  /** landmarks of the primary face, normalised [0,1], interleaved x,y (478×2) */
  landmarks: Float32Array | null;
  /** the aligned crop as RGBA bytes for display (cropSize² × 4), or null */
  cropRgba: Uint8ClampedArray | null;
  cropSizePx: number;
  /**
   * The tracked face's 8 AUs (ACTION_UNITS order) as measured by the landmarker: MediaPipe's blendshapes mapped by
   * src/core/au's documented table, activation ∈ [0, 1], ≥ 0.5 = present; null with no face. Not the network's.
   */
  measuredActionUnits: number[] | null;
  landmarksMs: number;
  alignmentMs: number;
}

/** The network's output for one tracked face, from that face's own recurrent state. */
export interface TrackPrediction {
  trackId: number;
  prediction: AffectPrediction;
}

/** Model worker → page: the network's output for one frame's crops. */
export interface PredictionResult {
  type: 'prediction';
  timestampMs: number;
  /** the primary (largest) face's; null when there is no face: the plots show "no face", never stale values */
  prediction: AffectPrediction | null;
  /** every tracked face's, in the frame's order (tracks[0] is the primary face); [] with no face */
  tracks: TrackPrediction[];
  /** all the frame's steps together */
  modelMs: number;
  spectrogramMs: number;
  /** spectrogram frames computed since the model was loaded */
  audioFramesTotal: number;
  /** the newest spectrogram frame, in [-1, 1], for display */
  latestSpectrogramFrame: Float32Array | null;
  audioActive: boolean;
  /** tf.memory().numTensors after the step: flat over a session, or something leaks */
  numTensors: number;
}

export interface WorkerError {
  type: 'error';
  code: ErrorCode;
  message: string;
  fatal: boolean;
}

export type FromFaceWorker = { type: 'face-ready'; initMs: number } | FaceResult | WorkerError;

export type FromModelWorker =
  | {
      type: 'ready';
      backend: BackendName;
      skipped: SkippedBackend[];
      model: ModelSummary;
      alignOptions: AlignOptions;
      initMs: number;
      /** set when the backend the user chose could not start and the automatic choice was used instead */
      fallback: { requested: BackendChoice; code: ErrorCode; message: string } | null;
    }
  | PredictionResult
  | WorkerError;
