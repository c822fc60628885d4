/**
 * The one analysis pipeline that the live page (camera frames) and file analysis (decoded frames) both feed: the two
 * workers, how many frames may be in flight, the join of each frame's face result to its prediction, and the stage
 * statistics. A source sends a frame only when `canSend`; results come back through the handlers in capture order.
 *
 * The two crop policies (the model worker's, mirrored here):
 *  - live: the model worker runs the newest crop and drops older ones, so some frames never get a prediction; a frame
 *    stops counting as in flight when its face result is back. Two in flight keep the face worker busy without a queue.
 *  - file: the model worker runs every crop in order, so every frame gets a prediction; a frame is in flight until its
 *    prediction is back. Three keep both workers busy, few enough to stop at once on pause or seek.
 */
import { FILE_MAX_TRACKS, LIVE_MAX_TRACKS } from '../../core/tracking';
import { postableFrame, type FrameImage } from '../../io/frame-image';
import type { FaceResult, FromFaceWorker, FromModelWorker, PipelineInitOptions, PredictionResult, ToModelWorker, WorkerError } from '../../workers/protocol';
import { StageStats } from './stats';
import { startPipelineWorkers, type PipelineWorkers } from './workers';

/** How the pipeline paces frames for a source (the model worker's crop policy is workers/crop-scheduler.ts). */
export interface FramePolicy {
  maxFramesInFlight: number;
  /** when a frame stops counting as in flight: its face result ('face') or its prediction ('prediction') */
  releaseOn: 'face' | 'prediction';
  /** most faces tracked, each with its own crop and recurrent state (src/core/tracking) */
  maxTracks: number;
}

export const LIVE_POLICY: FramePolicy = { maxFramesInFlight: 2, releaseOn: 'face', maxTracks: LIVE_MAX_TRACKS };
/** File analysis tracks up to FILE_MAX_TRACKS faces; the session keeps each one's predictions (frame-record.ts). */
export const FILE_POLICY: FramePolicy = { maxFramesInFlight: 3, releaseOn: 'prediction', maxTracks: FILE_MAX_TRACKS };

/** One analysed frame: the face found and the network's output for it. */
export interface AnalysedFrame {
  /** the frame's time: page time (performance.now()) for the camera, media time for a file, ms */
  timestampMs: number;
  face: FaceResult | null;
  prediction: PredictionResult;
}

export type ModelReady = Extract<FromModelWorker, { type: 'ready' }>;

export interface PipelineHandlers {
  /** the model is loaded (again, after a backend change); the face worker has been told the crops it declares */
  onModelReady(ready: ModelReady): void;
  /** a face result that `accepts` let through */
  onFace(face: FaceResult): void;
  /** a prediction that `accepts` let through, joined with its frame's face result */
  onResult(frame: AnalysedFrame): void;
  onWorkerError(worker: 'face' | 'model', error: WorkerError): void;
  onCrash(worker: 'face' | 'model', message: string): void;
  /** any change a waiting source may care about (a worker ready, a frame released) */
  onChange?(): void;
  /** false drops a result for this frame time (e.g. captured before the camera restarted); default: all kept */
  accepts?(timestampMs: number): boolean;
}

/** Face results kept waiting for their prediction; with a newest-wins model some never get one. */
const MAX_FACES_WAITING = 8;

export class FramePipeline {
  readonly stats = new StageStats();
  private readonly workers: PipelineWorkers;
  private readonly facesByTimestamp = new Map<number, FaceResult>();
  private faceReady = false;
  private modelReady = false;
  private inFlight = 0;

  constructor(init: PipelineInitOptions, private readonly policy: FramePolicy, private readonly handlers: PipelineHandlers, workerNamePrefix: string) {
    this.workers = startPipelineWorkers(init, {
      onFace: (m) => this.onFaceMessage(m),
      onModel: (m) => this.onModelMessage(m),
      onCrash: (worker, message) => handlers.onCrash(worker, message),
    }, workerNamePrefix);
    this.workers.sendFace({ type: 'set-max-tracks', maxTracks: policy.maxTracks });
  }

  /** both workers have loaded their models */
  get ready(): boolean {
    return this.faceReady && this.modelReady;
  }

  get framesInFlight(): number {
    return this.inFlight;
  }

  /** a frame sent now would be analysed without building a queue */
  get canSend(): boolean {
    return this.ready && this.inFlight < this.policy.maxFramesInFlight;
  }

  /** Takes a slot for a frame about to be captured (`canSend` first); then `sendReservedFrame` or `cancelFrame`. */
  reserveFrame(): void {
    this.inFlight += 1;
  }

  /** Sends a frame a slot was reserved for; the frame is transferred (unusable here after). */
  sendReservedFrame(image: FrameImage, timestampMs: number): void {
    const { frame, transfer } = postableFrame(image);
    this.workers.sendFace({ type: 'frame', frame, timestampMs }, transfer);
  }

  /** reserveFrame + sendReservedFrame */
  sendFrame(image: FrameImage, timestampMs: number): void {
    this.reserveFrame();
    this.sendReservedFrame(image, timestampMs);
  }

  /** For a frame a slot was reserved for and that could not be captured. */
  cancelFrame(): void {
    this.release();
  }

  sendModel(message: ToModelWorker, transfer: Transferable[] = []): void {
    if (message.type === 'set-backend' || message.type === 'set-model') this.modelReady = false;
    this.workers.sendModel(message, transfer);
  }

  terminate(): void {
    this.workers.terminate();
  }

  private release(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  private accepts(timestampMs: number): boolean {
    return this.handlers.accepts?.(timestampMs) ?? true;
  }

  private onFaceMessage(message: FromFaceWorker): void {
    if (message.type === 'face-ready') {
      this.faceReady = true;
    } else if (message.type === 'error') {
      if (this.policy.releaseOn === 'face') this.release();
      this.handlers.onWorkerError('face', message);
    } else {
      if (this.policy.releaseOn === 'face') this.release();
      if (this.accepts(message.timestampMs)) {
        this.stats.record('landmarksMs', message.landmarksMs);
        if (message.status !== 'no-face') this.stats.record('alignmentMs', message.alignmentMs);
        this.facesByTimestamp.set(message.timestampMs, message);
        // Results arrive in order; a face whose prediction was dropped (a newer crop won) is never matched.
        for (const key of this.facesByTimestamp.keys()) if (this.facesByTimestamp.size > MAX_FACES_WAITING) this.facesByTimestamp.delete(key);
        this.handlers.onFace(message);
      }
    }
    this.handlers.onChange?.();
  }

  private onModelMessage(message: FromModelWorker): void {
    if (message.type === 'ready') {
      // The crops must be what the model was trained on (e.g. luma in 3 channels).
      this.workers.sendFace({ type: 'set-align', alignOptions: message.alignOptions });
      this.modelReady = true;
      this.handlers.onModelReady(message);
    } else if (message.type === 'error') {
      this.handlers.onWorkerError('model', message);
    } else {
      if (this.policy.releaseOn === 'prediction') this.release();
      if (this.accepts(message.timestampMs)) this.onPrediction(message);
    }
    this.handlers.onChange?.();
  }

  private onPrediction(result: PredictionResult): void {
    this.stats.markResult(performance.now());
    this.stats.record('spectrogramMs', result.spectrogramMs);
    if (result.prediction) this.stats.record('modelMs', result.modelMs);
    const face = this.facesByTimestamp.get(result.timestampMs) ?? null;
    this.facesByTimestamp.delete(result.timestampMs);
    this.handlers.onResult({ timestampMs: result.timestampMs, face, prediction: result });
  }
}
