/**
 * The live page's view of the pipeline: the camera and the microphone feed the one FramePipeline (LIVE_POLICY: the
 * model runs the newest crop, a slow stage lowers the frame rate instead of building a queue), and this class keeps
 * the state the React page draws: messages, devices, the newest face and prediction, counts.
 */
import { isAffectscopeError } from '../../core/errors';
import { CAMERA_UNPLUGGED_MESSAGE, listMediaDevices, type MediaDeviceSummary } from '../../io/camera';
import type {
  BackendChoice, FaceResult, ModelSummary, PipelineInitOptions, PredictionResult, SkippedBackend, WorkerError,
} from '../../workers/protocol';
import { CameraSource } from './camera-source';
import { FramePipeline, LIVE_POLICY, type AnalysedFrame, type ModelReady } from './frame-pipeline';
import { AffectHistory } from './history';
import { LiveTracks, type LiveTrack } from './live-tracks';
import { AUDIO_SUSPENDED_TEXT, MULTIPLE_FACES_TEXT, NO_FACE_TEXT, slotForCode, UNTRAINED_TEXT, type MessageSlot, type UiMessage } from './messages';
import { MicrophoneSource } from './microphone-source';
import { PipelineView } from './pipeline-view';

export type { AnalysedFrame } from './frame-pipeline';

export interface PipelineSnapshot {
  phase: 'loading' | 'running' | 'failed';
  messages: UiMessage[];
  backend: string | null;
  backendChoice: BackendChoice;
  skippedBackends: SkippedBackend[];
  model: ModelSummary | null;
  /** what the face worker found in the newest frame */
  face: FaceResult | null;
  /** the newest network output (its `prediction` is null while there is no face) */
  prediction: PredictionResult | null;
  /** every tracked face, ascending by id, with its newest prediction (src/app/pipeline/live-tracks.ts) */
  tracks: LiveTrack[];
  resultsTotal: number;
  predictionsTotal: number;
  /** ms from navigation start to the first prediction on screen */
  firstPredictionMs: number | null;
  cameras: MediaDeviceSummary[];
  microphones: MediaDeviceSummary[];
  cameraId: string | undefined;
  microphoneId: string | undefined;
  audioActive: boolean;
}

export interface ControllerOptions {
  init: PipelineInitOptions;
  /** use the microphone at all (false: video-only by choice) */
  useMicrophone: boolean;
  /** most faces tracked (default LIVE_POLICY.maxTracks) */
  maxFaces?: number;
}

export class PipelineController extends PipelineView<PipelineSnapshot> {
  /** the primary (largest) face's valence/arousal, whichever track it is */
  readonly history = new AffectHistory(30_000);
  /** each tracked face's latest values and history */
  readonly tracks = new LiveTracks(30_000);
  private readonly frameListeners = new Set<(frame: AnalysedFrame) => void>();
  protected readonly pipeline: FramePipeline;
  private readonly camera: CameraSource;
  private readonly microphone: MicrophoneSource;
  /** no camera frame is analysed while paused (a video file is being analysed on the same CPU) */
  private paused = false;
  private disposed = false;
  private readonly maxTracks: number;

  constructor(private readonly options: ControllerOptions) {
    super({
      phase: 'loading', messages: [], backend: null, backendChoice: options.init.backend, skippedBackends: [], model: null,
      face: null, prediction: null, tracks: [], resultsTotal: 0, predictionsTotal: 0, firstPredictionMs: null, cameras: [], microphones: [],
      cameraId: undefined, microphoneId: undefined, audioActive: false,
    });
    this.maxTracks = options.maxFaces ?? LIVE_POLICY.maxTracks;
    this.pipeline = new FramePipeline(options.init, { ...LIVE_POLICY, maxTracks: this.maxTracks }, {
      onModelReady: (ready) => this.onModelReady(ready),
      onFace: (face) => this.onFace(face),
      onResult: (frame) => this.onResult(frame),
      onWorkerError: (_worker, error) => this.onWorkerError(error),
      onCrash: (worker, message) => this.setMessage({ slot: worker === 'face' ? 'landmarker' : 'model', code: 'internal', severity: 'error', text: `An analysis worker failed: ${message}` }),
      onChange: () => this.updatePhase(),
      // A frame sent before the camera stopped (up to two, plus the crop the model worker holds) is answered after the
      // stop; showing it would put a stale face and values back under "camera stopped".
      accepts: (timestampMs) => this.camera.stream !== null && timestampMs >= this.camera.sinceMs,
    }, 'affectscope');
    this.camera = new CameraSource({
      onOpened: () => this.clearMessage('camera'),
      onOpenFailed: (error) => this.reportError(error, 'camera'),
      onUnplugged: () => this.onCameraUnplugged(),
      reserveFrame: () => {
        if (this.paused || !this.pipeline.canSend) return false;
        this.pipeline.reserveFrame();
        return true;
      },
      onFrame: (image, timestampMs) => this.pipeline.sendReservedFrame(image, timestampMs),
      onFrameFailed: () => this.pipeline.cancelFrame(),
    }, () => this.store.getSnapshot().cameraId);
    this.microphone = new MicrophoneSource({
      onPort: (port) => this.pipeline.sendModel({ type: 'audio-port', port }, [port]),
      onOpened: () => {
        this.clearMessage('microphone');
        this.updateAudioSuspended();
      },
      onOpenFailed: (error) => this.reportError(error, 'microphone'),
      onEnded: () => this.setMessage({ slot: 'microphone', code: 'microphone-absent', severity: 'warning', text: 'The microphone stopped: running video-only until it is back (press "Retry").' }),
    }, () => this.store.getSnapshot().microphoneId);
    navigator.mediaDevices?.addEventListener?.('devicechange', this.onDeviceChange);
  }

  /** Called with every analysed frame (for recording); returns the unsubscribe function. */
  onFrame(listener: (frame: AnalysedFrame) => void): () => void {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  /** The live camera track and, when there is one, the microphone track (what a recording records). */
  mediaTracks(): MediaStreamTrack[] {
    return [...(this.camera.stream?.getVideoTracks() ?? []), ...(this.microphone.stream?.getAudioTracks() ?? [])];
  }

  /** Attaches the page's <video> element and starts capture. */
  async attach(video: HTMLVideoElement): Promise<void> {
    await this.camera.attach(video);
    if (this.options.useMicrophone) await this.microphone.start();
    await this.refreshDevices();
  }

  async retry(): Promise<void> {
    if (!this.camera.stream) await this.camera.start();
    if (this.options.useMicrophone && !this.microphone.isOpen) await this.microphone.start();
    await this.resumeAudio();
    await this.refreshDevices();
  }

  async selectCamera(deviceId: string): Promise<void> {
    this.store.update({ cameraId: deviceId });
    this.camera.stop('camera-changed');
    await this.camera.start();
  }

  async selectMicrophone(deviceId: string): Promise<void> {
    this.store.update({ microphoneId: deviceId });
    await this.microphone.stop('microphone-changed');
    await this.microphone.start();
  }

  setBackend(backend: BackendChoice): void {
    this.pipeline.sendModel({ type: 'set-backend', backend });
    this.store.update({ backendChoice: backend, phase: 'loading' });
  }

  /** Stops (true) or resumes (false) analysing camera frames; the camera and microphone stay open. */
  setPaused(paused: boolean): void {
    this.paused = paused;
  }

  /** Resumes audio after a user gesture (headed browsers start AudioContexts suspended). */
  async resumeAudio(): Promise<void> {
    await this.microphone.resume();
    this.updateAudioSuspended();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    navigator.mediaDevices?.removeEventListener?.('devicechange', this.onDeviceChange);
    this.camera.dispose();
    await this.microphone.stop('capture-closed');
    this.pipeline.terminate();
  }

  private setMessage(message: UiMessage): void {
    const others = this.store.getSnapshot().messages.filter((m) => m.slot !== message.slot);
    this.store.update({ messages: [...others, message] });
  }

  private clearMessage(slot: MessageSlot): void {
    const { messages } = this.store.getSnapshot();
    if (messages.some((m) => m.slot === slot)) this.store.update({ messages: messages.filter((m) => m.slot !== slot) });
  }

  private reportError(error: unknown, fallbackSlot: MessageSlot): void {
    if (isAffectscopeError(error)) {
      const severity = error.code.startsWith('microphone') ? 'warning' : 'error';
      this.setMessage({ slot: slotForCode(error.code), code: error.code, severity, text: error.message });
    } else {
      this.setMessage({ slot: fallbackSlot, code: 'internal', severity: 'error', text: String(error) });
    }
  }

  private onCameraUnplugged(): void {
    this.setMessage({ slot: 'camera', code: 'camera-unplugged', severity: 'error', text: CAMERA_UNPLUGGED_MESSAGE });
    this.history.push({ timestampMs: performance.now(), valence: null, arousal: null });
    this.pipeline.sendModel({ type: 'reset', beforeTimestampMs: performance.now() });
    this.tracks.clear();
    this.store.update({ face: null, prediction: null, tracks: [] });
  }

  private onDeviceChange = (): void => {
    void this.refreshDevices();
    if (!this.camera.stream && !this.disposed) void this.camera.start();
  };

  private updateAudioSuspended(): void {
    if (this.microphone.suspended) this.setMessage({ slot: 'audio', code: 'audio-suspended', severity: 'info', text: AUDIO_SUSPENDED_TEXT });
    else this.clearMessage('audio');
  }

  private async refreshDevices(): Promise<void> {
    try {
      const { cameras, microphones } = await listMediaDevices();
      const snapshot = this.store.getSnapshot();
      const cameraId = snapshot.cameraId ?? this.camera.stream?.getVideoTracks()[0]?.getSettings().deviceId;
      const microphoneId = snapshot.microphoneId ?? this.microphone.stream?.getAudioTracks()[0]?.getSettings().deviceId;
      this.store.update({ cameras, microphones, cameraId, microphoneId });
    } catch {
      // Device labels are cosmetic: the pickers stay as they were.
    }
  }

  private onWorkerError(error: WorkerError): void {
    if (error.fatal) this.store.update({ phase: 'failed' });
    this.setMessage({ slot: slotForCode(error.code), code: error.code, severity: 'error', text: error.message });
  }

  private onFace(face: FaceResult): void {
    if (face.status === 'no-face') this.setMessage({ slot: 'face', code: 'no-face', severity: 'warning', text: NO_FACE_TEXT });
    else if (face.status === 'multiple-faces') this.setMessage({ slot: 'face', code: 'multiple-faces', severity: 'info', text: MULTIPLE_FACES_TEXT(face.faceCount, this.maxTracks) });
    else this.clearMessage('face');
    this.store.update({ face, tracks: this.tracks.onFace(face) });
  }

  private onModelReady(ready: ModelReady): void {
    this.store.update({ backend: ready.backend, skippedBackends: ready.skipped, model: ready.model });
    if (!ready.model.trained) this.setMessage({ slot: 'model', code: 'untrained-model', severity: 'warning', text: UNTRAINED_TEXT });
    else this.clearMessage('model');
    if (ready.fallback) {
      const { requested, code, message: reason } = ready.fallback;
      const text = requested === 'webgpu'
        ? `WebGPU is not available in this browser (${reason}); using ${ready.backend} instead. Chrome/Edge 113+ or a GPU driver that supports WebGPU is needed for it.`
        : `The ${requested} backend could not start (${reason}); using ${ready.backend} instead.`;
      this.setMessage({ slot: 'backend', code, severity: 'warning', text });
      this.store.update({ backendChoice: 'auto' });
    } else this.clearMessage('backend');
  }

  private updatePhase(): void {
    const { phase } = this.store.getSnapshot();
    if (this.pipeline.ready && phase === 'loading') this.store.update({ phase: 'running' });
  }

  private onResult(frame: AnalysedFrame): void {
    const now = performance.now();
    const result = frame.prediction;
    const p = result.prediction;
    if (p) this.pipeline.stats.record('totalMs', now - result.timestampMs);
    this.history.push({ timestampMs: result.timestampMs, valence: p ? p.valence : null, arousal: p ? p.arousal : null });
    for (const listener of this.frameListeners) listener(frame);
    const snapshot = this.store.getSnapshot();
    this.store.update({
      prediction: result,
      tracks: this.tracks.onPrediction(result),
      resultsTotal: snapshot.resultsTotal + 1,
      predictionsTotal: snapshot.predictionsTotal + (p ? 1 : 0),
      firstPredictionMs: snapshot.firstPredictionMs ?? (p ? now : null),
      audioActive: result.audioActive,
    });
  }
}
