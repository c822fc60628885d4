/**
 * Orchestrates one live session: camera and microphone (io), the two workers, and the state the React
 * page draws. The face worker (MediaPipe + alignment) gets one frame at a time, a new one only when the
 * previous face result is back; it hands each crop to the model worker (audio DSP + network), which
 * always runs the newest crop. The two stages overlap, and a slow stage lowers the frame rate instead
 * of building a queue.
 */
import { isAffectscopeError } from '../../core/errors';
import { CAMERA_UNPLUGGED_MESSAGE, listMediaDevices, openCamera, type MediaDeviceSummary } from '../../io/camera';
import { openMicrophone, type MicrophoneHandle } from '../../io/microphone';
import { announceTrackRelease, releaseTrack, type TrackReleaseReason } from '../../io/track-release';
import type {
  BackendChoice, FaceResult, FromFaceWorker, FromModelWorker, ModelSummary, PipelineInitOptions, PredictionResult, SkippedBackend,
  ToFaceWorker, ToModelWorker, WorkerError,
} from '../../workers/protocol';
import { AffectHistory } from './history';
import { AUDIO_SUSPENDED_TEXT, MULTIPLE_FACES_TEXT, NO_FACE_TEXT, slotForCode, UNTRAINED_TEXT, type MessageSlot, type UiMessage } from './messages';
import { StageStats } from './stats';

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
}

const MAX_FRAMES_IN_FLIGHT = 2;

/** One analysed frame as a recording keeps it: the face found and the network's output for it. */
export interface AnalysedFrame {
  /** page time the frame was captured (performance.now()), ms */
  timestampMs: number;
  face: FaceResult | null;
  prediction: PredictionResult;
}

export class PipelineController {
  readonly history = new AffectHistory(30_000);
  readonly stats = new StageStats();
  private snapshot: PipelineSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly frameListeners = new Set<(frame: AnalysedFrame) => void>();
  /** face results waiting for their prediction, by capture time */
  private readonly facesByTimestamp = new Map<number, FaceResult>();
  private readonly faceWorker: Worker;
  private readonly modelWorker: Worker;
  private faceReady = false;
  private modelReady = false;
  private video: HTMLVideoElement | null = null;
  private cameraStream: MediaStream | null = null;
  private microphone: MicrophoneHandle | null = null;
  /** frames sent to the face worker and not yet answered; two keep it busy without building a queue */
  private framesInFlight = 0;
  private stopped = false;
  private retryTimer: ReturnType<typeof setInterval> | null = null;
  /** performance.now() when the current camera stream started: results for older frames are dropped */
  private cameraSinceMs = 0;
  /** which frame loop is current: a reopened camera starts a new loop and the old one stops */
  private frameLoop = 0;
  /** no camera frame is analysed while paused (a video file is being analysed on the same CPU) */
  private paused = false;

  constructor(private readonly options: ControllerOptions) {
    this.snapshot = {
      phase: 'loading', messages: [], backend: null, backendChoice: options.init.backend, skippedBackends: [], model: null,
      face: null, prediction: null, resultsTotal: 0, predictionsTotal: 0, firstPredictionMs: null, cameras: [], microphones: [],
      cameraId: undefined, microphoneId: undefined, audioActive: false,
    };
    const init = options.init;
    this.faceWorker = new Worker(new URL('../../workers/face.worker.ts', import.meta.url), { type: 'module', name: 'affectscope-face' });
    this.modelWorker = new Worker(new URL('../../workers/model.worker.ts', import.meta.url), { type: 'module', name: 'affectscope-model' });
    this.faceWorker.onmessage = (event: MessageEvent<FromFaceWorker>) => this.onFaceMessage(event.data);
    this.modelWorker.onmessage = (event: MessageEvent<FromModelWorker>) => this.onModelMessage(event.data);
    for (const [worker, slot] of [[this.faceWorker, 'landmarker'], [this.modelWorker, 'model']] as const) {
      worker.onerror = (event) => this.setMessage({ slot, code: 'internal', severity: 'error', text: `An analysis worker failed: ${event.message}` });
    }
    const crops = new MessageChannel();
    this.sendFace({ type: 'model-port', port: crops.port1 }, [crops.port1]);
    this.sendModel({ type: 'face-port', port: crops.port2 }, [crops.port2]);
    this.sendFace({ type: 'init', options: init });
    this.sendModel({ type: 'init', options: init });
    navigator.mediaDevices?.addEventListener?.('devicechange', this.onDeviceChange);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): PipelineSnapshot => this.snapshot;

  /** Called with every analysed frame (for recording); returns the unsubscribe function. */
  onFrame(listener: (frame: AnalysedFrame) => void): () => void {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  /** The live camera track and, when there is one, the microphone track (what a recording records). */
  mediaTracks(): MediaStreamTrack[] {
    return [...(this.cameraStream?.getVideoTracks() ?? []), ...(this.microphone?.stream.getAudioTracks() ?? [])];
  }

  /** Attaches the page's <video> element and starts capture. */
  async attach(video: HTMLVideoElement): Promise<void> {
    this.video = video;
    await this.startCamera();
    if (this.options.useMicrophone) await this.startMicrophone();
    await this.refreshDevices();
  }

  async retry(): Promise<void> {
    if (!this.cameraStream) await this.startCamera();
    if (this.options.useMicrophone && !this.microphone) await this.startMicrophone();
    await this.microphone?.context.resume().catch(() => undefined);
    this.updateAudioSuspended();
    await this.refreshDevices();
  }

  async selectCamera(deviceId: string): Promise<void> {
    this.update({ cameraId: deviceId });
    this.stopCamera('camera-changed');
    await this.startCamera();
  }

  async selectMicrophone(deviceId: string): Promise<void> {
    this.update({ microphoneId: deviceId });
    await this.stopMicrophone('microphone-changed');
    await this.startMicrophone();
  }

  setBackend(backend: BackendChoice): void {
    this.modelReady = false;
    this.update({ backendChoice: backend, phase: 'loading' });
    this.sendModel({ type: 'set-backend', backend });
  }

  /** Stops (true) or resumes (false) analysing camera frames; the camera and microphone stay open. */
  setPaused(paused: boolean): void {
    this.paused = paused;
  }

  /** Resumes audio after a user gesture (headed browsers start AudioContexts suspended). */
  async resumeAudio(): Promise<void> {
    await this.microphone?.context.resume().catch(() => undefined);
    this.updateAudioSuspended();
  }

  async dispose(): Promise<void> {
    this.stopped = true;
    navigator.mediaDevices?.removeEventListener?.('devicechange', this.onDeviceChange);
    if (this.retryTimer) clearInterval(this.retryTimer);
    this.stopCamera('capture-closed');
    await this.stopMicrophone('capture-closed');
    this.faceWorker.terminate();
    this.modelWorker.terminate();
  }

  private sendFace(message: ToFaceWorker, transfer: Transferable[] = []): void {
    this.faceWorker.postMessage(message, transfer);
  }

  private sendModel(message: ToModelWorker, transfer: Transferable[] = []): void {
    this.modelWorker.postMessage(message, transfer);
  }

  private update(patch: Partial<PipelineSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }

  private setMessage(message: UiMessage): void {
    const others = this.snapshot.messages.filter((m) => m.slot !== message.slot);
    this.update({ messages: [...others, message] });
  }

  private clearMessage(slot: MessageSlot): void {
    if (this.snapshot.messages.some((m) => m.slot === slot)) {
      this.update({ messages: this.snapshot.messages.filter((m) => m.slot !== slot) });
    }
  }

  private reportError(error: unknown, fallbackSlot: MessageSlot): void {
    if (isAffectscopeError(error)) {
      const slot = slotForCode(error.code);
      const severity = error.code.startsWith('microphone') ? 'warning' : 'error';
      this.setMessage({ slot, code: error.code, severity, text: error.message });
    } else {
      this.setMessage({ slot: fallbackSlot, code: 'internal', severity: 'error', text: String(error) });
    }
  }

  private async startCamera(): Promise<void> {
    if (!this.video || this.stopped) return;
    try {
      const stream = await openCamera({ widthPx: 640, heightPx: 480, frameRateHz: 30, deviceId: this.snapshot.cameraId });
      this.cameraStream = stream;
      const track = stream.getVideoTracks()[0];
      track.addEventListener('ended', this.onCameraEnded);
      this.video.srcObject = stream;
      this.video.muted = true;
      await this.video.play().catch(() => undefined);
      // No width/height attributes: the frames go to MediaPipe as ImageBitmaps, and a height attribute would fix
      // the element at 480 px tall, letterboxing the video under the overlay, which is sized by CSS aspect-ratio.
      this.clearMessage('camera');
      this.stopRetrying();
      this.cameraSinceMs = performance.now();
      this.scheduleFrame(++this.frameLoop);
    } catch (error) {
      this.reportError(error, 'camera');
      this.startRetrying();
    }
  }

  /** Stops the camera; a recording of its track is told why first (stop() alone fires no 'ended'). */
  private stopCamera(reason: TrackReleaseReason): void {
    this.cameraStream?.getTracks().forEach((t) => {
      t.removeEventListener('ended', this.onCameraEnded);
      releaseTrack(t, reason);
    });
    this.cameraStream = null;
    if (this.video) this.video.srcObject = null;
  }

  private onCameraEnded = (): void => {
    // The track has ended already: a recording of it heard 'ended' and stopped with that reason.
    this.stopCamera('capture-closed');
    this.setMessage({ slot: 'camera', code: 'camera-unplugged', severity: 'error', text: CAMERA_UNPLUGGED_MESSAGE });
    this.history.push({ timestampMs: performance.now(), valence: null, arousal: null });
    this.sendModel({ type: 'reset', beforeTimestampMs: performance.now() });
    this.update({ face: null, prediction: null });
    this.startRetrying();
  };

  private onDeviceChange = (): void => {
    void this.refreshDevices();
    if (!this.cameraStream) void this.startCamera();
  };

  /** While the camera is missing, try again every 2 s: some platforms never fire devicechange. */
  private startRetrying(): void {
    if (this.retryTimer || this.stopped) return;
    this.retryTimer = setInterval(() => {
      if (!this.cameraStream) void this.startCamera();
    }, 2000);
  }

  private stopRetrying(): void {
    if (this.retryTimer) clearInterval(this.retryTimer);
    this.retryTimer = null;
  }

  private async startMicrophone(): Promise<void> {
    const channel = new MessageChannel();
    try {
      this.microphone = await openMicrophone(channel.port1, this.snapshot.microphoneId);
      this.sendModel({ type: 'audio-port', port: channel.port2 }, [channel.port2]);
      this.clearMessage('microphone');
      this.microphone.stream.getAudioTracks()[0]?.addEventListener('ended', () => {
        this.microphone = null;
        this.setMessage({ slot: 'microphone', code: 'microphone-absent', severity: 'warning', text: 'The microphone stopped: running video-only until it is back (press "Retry").' });
      });
      this.updateAudioSuspended();
    } catch (error) {
      this.microphone = null;
      this.reportError(error, 'microphone');
    }
  }

  private async stopMicrophone(reason: TrackReleaseReason): Promise<void> {
    const mic = this.microphone;
    this.microphone = null;
    mic?.stream.getAudioTracks().forEach((t) => announceTrackRelease(t, reason));
    await mic?.close();
  }

  private updateAudioSuspended(): void {
    if (this.microphone?.context.state === 'suspended') {
      this.setMessage({ slot: 'audio', code: 'audio-suspended', severity: 'info', text: AUDIO_SUSPENDED_TEXT });
    } else this.clearMessage('audio');
  }

  private async refreshDevices(): Promise<void> {
    try {
      const { cameras, microphones } = await listMediaDevices();
      const cameraId = this.snapshot.cameraId ?? this.cameraStream?.getVideoTracks()[0]?.getSettings().deviceId;
      const microphoneId = this.snapshot.microphoneId ?? this.microphone?.stream.getAudioTracks()[0]?.getSettings().deviceId;
      this.update({ cameras, microphones, cameraId, microphoneId });
    } catch {
      // Device labels are cosmetic: the pickers stay as they were.
    }
  }

  private scheduleFrame(loop: number): void {
    const video = this.video;
    if (!video || !this.cameraStream || this.stopped || loop !== this.frameLoop) return;
    if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(() => void this.pumpFrame(loop));
    else requestAnimationFrame(() => void this.pumpFrame(loop));
  }

  private async pumpFrame(loop: number): Promise<void> {
    const video = this.video;
    if (!video || !this.cameraStream || loop !== this.frameLoop) return;
    if (!this.paused && this.faceReady && this.modelReady && this.framesInFlight < MAX_FRAMES_IN_FLIGHT && video.readyState >= 2 && video.videoWidth > 0) {
      this.framesInFlight += 1;
      try {
        const bitmap = await createImageBitmap(video);
        this.sendFace({ type: 'frame', bitmap, timestampMs: performance.now() }, [bitmap]);
      } catch {
        this.framesInFlight -= 1;
      }
    }
    this.scheduleFrame(loop);
  }

  private onWorkerError(message: WorkerError): void {
    if (message.fatal) this.update({ phase: 'failed' });
    this.setMessage({ slot: slotForCode(message.code), code: message.code, severity: 'error', text: message.message });
  }

  private onFaceMessage(message: FromFaceWorker): void {
    switch (message.type) {
      case 'face-ready':
        this.faceReady = true;
        this.updatePhase();
        break;
      case 'error':
        this.framesInFlight = Math.max(0, this.framesInFlight - 1);
        this.onWorkerError(message);
        break;
      case 'face':
        this.framesInFlight = Math.max(0, this.framesInFlight - 1);
        if (this.isStaleFrame(message.timestampMs)) break;
        this.stats.record('landmarksMs', message.landmarksMs);
        if (message.status !== 'no-face') this.stats.record('alignmentMs', message.alignmentMs);
        if (message.status === 'no-face') this.setMessage({ slot: 'face', code: 'no-face', severity: 'warning', text: NO_FACE_TEXT });
        else if (message.status === 'multiple-faces') this.setMessage({ slot: 'face', code: 'multiple-faces', severity: 'info', text: MULTIPLE_FACES_TEXT(message.faceCount) });
        else this.clearMessage('face');
        this.facesByTimestamp.set(message.timestampMs, message);
        // Results arrive in order; a face whose prediction was dropped (a newer crop won) is never matched.
        for (const key of this.facesByTimestamp.keys()) if (this.facesByTimestamp.size > 8) this.facesByTimestamp.delete(key);
        this.update({ face: message });
        break;
    }
  }

  private onModelMessage(message: FromModelWorker): void {
    switch (message.type) {
      case 'ready':
        this.modelReady = true;
        this.sendFace({ type: 'set-align', alignOptions: message.alignOptions });
        this.update({ backend: message.backend, skippedBackends: message.skipped, model: message.model });
        if (!message.model.trained) this.setMessage({ slot: 'model', code: 'untrained-model', severity: 'warning', text: UNTRAINED_TEXT });
        else this.clearMessage('model');
        if (message.fallback) {
          const { requested, code, message: reason } = message.fallback;
          const text = requested === 'webgpu'
            ? `WebGPU is not available in this browser (${reason}); using ${message.backend} instead. Chrome/Edge 113+ or a GPU driver that supports WebGPU is needed for it.`
            : `The ${requested} backend could not start (${reason}); using ${message.backend} instead.`;
          this.setMessage({ slot: 'backend', code, severity: 'warning', text });
          this.update({ backendChoice: 'auto' });
        } else this.clearMessage('backend');
        this.updatePhase();
        break;
      case 'error':
        this.onWorkerError(message);
        break;
      case 'prediction':
        if (this.isStaleFrame(message.timestampMs)) break;
        this.onPrediction(message);
        break;
    }
  }

  /**
   * A frame sent before the camera stopped (up to MAX_FRAMES_IN_FLIGHT, plus the crop the model worker holds)
   * is answered after the stop; showing it would put a stale face and values back under "camera stopped".
   */
  private isStaleFrame(timestampMs: number): boolean {
    return !this.cameraStream || timestampMs < this.cameraSinceMs;
  }

  private updatePhase(): void {
    if (this.faceReady && this.modelReady && this.snapshot.phase !== 'failed') this.update({ phase: 'running' });
  }

  private onPrediction(result: PredictionResult): void {
    const now = performance.now();
    const p = result.prediction;
    this.stats.markResult(now);
    this.stats.record('spectrogramMs', result.spectrogramMs);
    if (p) {
      this.stats.record('modelMs', result.modelMs);
      this.stats.record('totalMs', now - result.timestampMs);
    }
    this.history.push({ timestampMs: result.timestampMs, valence: p ? p.valence : null, arousal: p ? p.arousal : null });
    const face = this.facesByTimestamp.get(result.timestampMs) ?? null;
    this.facesByTimestamp.delete(result.timestampMs);
    for (const listener of this.frameListeners) listener({ timestampMs: result.timestampMs, face, prediction: result });
    this.update({
      prediction: result,
      resultsTotal: this.snapshot.resultsTotal + 1,
      predictionsTotal: this.snapshot.predictionsTotal + (p ? 1 : 0),
      firstPredictionMs: this.snapshot.firstPredictionMs ?? (p ? now : null),
      audioActive: result.audioActive,
    });
  }
}
