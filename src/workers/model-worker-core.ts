/**
 * The model worker's logic, with its state in one object: loads the model (falling back to the automatic
 * backend when the one asked for cannot start), turns PCM into the live audio context, runs each frame's crops
 * through the network by the crop scheduler's policy and posts one prediction per frame run. Every tracked face
 * has its own recurrent state (a ModelStream), made on its track's first crop and dropped when the face worker
 * no longer lists the track as alive; all faces of a frame hear the same audio context. model.worker.ts only
 * routes messages here; the tests drive it in Node with a fake model.
 */
import { AudioFeatureStream, FileAudio, type AudioSource } from '../core/audio';
import { AffectscopeError, isAffectscopeError, type ErrorCode } from '../core/errors';
import { TFJS_WASM_PREFIX } from '../io/assets';
import type { PcmChunkMessage } from './audio-protocol';
import { CropScheduler } from './crop-scheduler';
import type { ModelStep, ModelStream } from './model-stage';
import type { BackendChoice, CropMessage, FromModelWorker, ToModelWorker, TrackCrop, TrackPrediction } from './protocol';
import { SerialQueue } from './worker-utils';

export interface ModelWorkerDeps {
  /** loads a model on a backend (ModelStage.create in the browser) */
  createStage: (manifestUrl: string, backend: BackendChoice, wasmPathPrefix: string) => Promise<ModelStep>;
  post: (message: FromModelWorker, transfer?: Transferable[]) => void;
  /** a monotonic clock, ms (performance.now in the browser) */
  nowMs: () => number;
  /** resolves once messages already queued for the worker have arrived; default: a 0 ms timeout */
  yieldToEvents?: () => Promise<void>;
}

interface ModelWorkerState {
  stage: ModelStep | null;
  /** one recurrent state per track alive, on `stage`, with the run of the track it belongs to */
  streams: Map<number, { run: number; stream: ModelStream }>;
  /** the microphone's features, rebuilt for each model (its spectrogram front end) */
  liveAudio: AudioFeatureStream | null;
  /** a video file's soundtrack, from 'file-open' on; while it is open the steps read it instead of the microphone */
  fileAudio: FileAudio | null;
  tfjsWasmPrefix: string;
  /** DSP time spent since the latest prediction was posted, ms */
  pendingSpectrogramMs: number;
}

const BACKEND_START_FAILURES: ErrorCode[] = ['webgpu-missing', 'backend-unavailable'];

export class ModelWorkerCore {
  private readonly state: ModelWorkerState = {
    stage: null, streams: new Map(), liveAudio: null, fileAudio: null, tfjsWasmPrefix: TFJS_WASM_PREFIX, pendingSpectrogramMs: 0,
  };
  private readonly queue: SerialQueue;
  private readonly crops: CropScheduler<CropMessage>;
  /** steps waiting for a file's soundtrack to reach their time */
  private readonly audioWaiters: (() => void)[] = [];

  constructor(private readonly deps: ModelWorkerDeps) {
    this.queue = new SerialQueue((error) => deps.post(error));
    const yieldToEvents = deps.yieldToEvents ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
    this.crops = new CropScheduler<CropMessage>({
      step: (crop) => this.step(crop),
      schedule: (drain) => this.queue.run(drain, false),
      yieldToEvents,
    });
  }

  /** Resolves when every task queued so far has run (tests). */
  settled(): Promise<void> {
    return this.queue.settled();
  }

  handle(message: ToModelWorker): void {
    switch (message.type) {
      case 'init':
        this.state.tfjsWasmPrefix = message.options.tfjsWasmPrefix;
        this.queue.run(() => this.loadModel(message.options.manifestUrl, message.options.backend), true);
        break;
      case 'audio-port':
        message.port.onmessage = (e: MessageEvent<PcmChunkMessage>) => this.onPcm(e.data);
        break;
      case 'face-port':
        message.port.onmessage = (e: MessageEvent<CropMessage>) => this.onCrop(e.data);
        break;
      case 'set-backend':
        this.queue.run(() => this.loadModel(this.requireStage().manifestUrl, message.backend), false);
        break;
      case 'set-model':
        this.queue.run(() => this.loadModel(message.manifestUrl, this.state.stage?.backendChoice ?? 'auto'), false);
        break;
      case 'file-open':
        this.crops.setPolicy('every-in-order');
        this.openFileAudio(message.hasSound);
        break;
      case 'file-audio':
        this.onFileAudio(message);
        break;
      case 'reset':
        this.crops.reset(message.beforeTimestampMs);
        this.dropStreams(() => true);
        this.state.liveAudio?.reset();
        // a file's seek: its soundtrack restarts before the new point (the next 'file-audio'); no step reads the old one
        this.state.fileAudio?.clear();
        break;
    }
  }

  onPcm(message: PcmChunkMessage): void {
    const audio = this.state.liveAudio;
    if (!audio) return;
    const t0 = this.deps.nowMs();
    audio.push(message.samples, message.sampleRateHz, t0);
    this.state.pendingSpectrogramMs += this.deps.nowMs() - t0;
  }

  onCrop(message: CropMessage): void {
    this.crops.offer(message);
  }

  private requireStage(): ModelStep {
    if (!this.state.stage) throw new AffectscopeError('internal', 'the model is not loaded yet');
    return this.state.stage;
  }

  private async loadModel(manifestUrl: string, backend: BackendChoice): Promise<void> {
    const started = this.deps.nowMs();
    this.dropStreams(() => true);
    this.state.stage?.dispose();
    this.state.stage = null;
    let next: ModelStep;
    let fallback: { requested: BackendChoice; code: ErrorCode; message: string } | null = null;
    try {
      next = await this.deps.createStage(manifestUrl, backend, this.state.tfjsWasmPrefix);
    } catch (error) {
      // A backend the user named that cannot start here (e.g. no WebGPU): say so, and keep analysing
      // with the automatic choice rather than leaving the page dead.
      if (backend === 'auto' || !isAffectscopeError(error) || !BACKEND_START_FAILURES.includes(error.code)) throw error;
      fallback = { requested: backend, code: error.code, message: error.message };
      next = await this.deps.createStage(manifestUrl, 'auto', this.state.tfjsWasmPrefix);
    }
    this.state.stage = next;
    this.state.liveAudio = new AudioFeatureStream({ spectrogram: next.spectrogramOptions, contextFrames: next.contextFrames });
    this.deps.post({
      type: 'ready', backend: next.backend, skipped: next.skipped, model: next.summary, alignOptions: next.alignOptions,
      initMs: this.deps.nowMs() - started, fallback,
    });
  }

  /** The file's soundtrack is fed as it is read (FileAudio); the app opens a file once the model is ready. */
  private openFileAudio(hasSound: boolean): void {
    const { stage } = this.state;
    if (!stage) {
      this.queue.run(() => { throw new AffectscopeError('internal', 'a video file was opened before the model was loaded'); }, true);
      return;
    }
    this.state.fileAudio = new FileAudio(stage.spectrogramOptions, stage.contextFrames, hasSound);
  }

  /** Handled as it arrives, not queued: a step waiting for the audio at its time is what it wakes. */
  private onFileAudio(message: Extract<ToModelWorker, { type: 'file-audio' }>): void {
    const audio = this.state.fileAudio;
    if (!audio?.hasSound) return;
    const t0 = this.deps.nowMs();
    try {
      if (message.restartAtMs !== null) audio.restart(message.restartAtMs, message.sampleRateHz);
      audio.push(message.samples);
      if (message.last) audio.end();
    } catch (error) {
      this.queue.run(() => { throw error; }, true);
    }
    this.state.pendingSpectrogramMs += this.deps.nowMs() - t0;
    for (const wake of this.audioWaiters.splice(0)) wake();
  }

  private audioSource(): AudioSource | null {
    return this.state.fileAudio ?? this.state.liveAudio;
  }

  /** Disposes the recurrent state of every track `ended` says is over. */
  private dropStreams(ended: (trackId: number) => boolean): void {
    for (const [trackId, { stream }] of this.state.streams) {
      if (!ended(trackId)) continue;
      stream.dispose();
      this.state.streams.delete(trackId);
    }
  }

  /** The track's recurrent state; a new one on its first crop, and when its id comes back in a new run (a rejoin). */
  private streamFor(stage: ModelStep, { trackId, trackRun }: TrackCrop): ModelStream {
    const kept = this.state.streams.get(trackId);
    if (kept?.run === trackRun) return kept.stream;
    kept?.stream.dispose();
    const stream = stage.createStream();
    this.state.streams.set(trackId, { run: trackRun, stream });
    return stream;
  }

  private async step({ faces, liveTrackIds, timestampMs }: CropMessage): Promise<void> {
    const { stage } = this.state;
    const sound = this.audioSource();
    if (!stage || !sound) return;
    // A file's soundtrack is fed ahead of its frames, but on another channel than the crops: wait for it to reach this time.
    const file = this.state.fileAudio;
    while (file && !file.readyAt(timestampMs)) await new Promise<void>((wake) => this.audioWaiters.push(wake));
    const t0 = this.deps.nowMs();
    sound.seekTo(timestampMs);
    this.state.pendingSpectrogramMs += this.deps.nowMs() - t0;
    // A track the face worker no longer remembers has ended: its state must not carry over to whoever comes next.
    this.dropStreams((trackId) => !liveTrackIds.includes(trackId));
    const tracks: TrackPrediction[] = [];
    const audio = faces.length > 0 ? sound.window() : null;
    const started = this.deps.nowMs();
    // One face steps alone, as before tracks; several of one frame run as one batch (ModelStep.stepFaces).
    if (faces.length === 1) tracks.push({ trackId: faces[0].trackId, prediction: await this.streamFor(stage, faces[0]).step(faces[0].crop, audio!, timestampMs) });
    else if (faces.length > 1) {
      const predictions = await stage.stepFaces(faces.map((face) => ({ stream: this.streamFor(stage, face), face: face.crop })), audio!, timestampMs);
      faces.forEach(({ trackId }, i) => tracks.push({ trackId, prediction: predictions[i] }));
    }
    const modelMs = faces.length > 0 ? this.deps.nowMs() - started : 0;
    const latest = sound.latestFrame ? sound.latestFrame.slice() : null;
    this.deps.post(
      {
        type: 'prediction', timestampMs, prediction: tracks[0]?.prediction ?? null, tracks, modelMs, spectrogramMs: this.state.pendingSpectrogramMs,
        audioFramesTotal: sound.framesTotal, latestSpectrogramFrame: latest,
        audioActive: sound.isActive(this.deps.nowMs()), numTensors: stage.numTensors,
      },
      latest ? [latest.buffer] : [],
    );
    this.state.pendingSpectrogramMs = 0;
  }
}
