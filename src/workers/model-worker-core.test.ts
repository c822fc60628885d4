import { describe, expect, it } from 'vitest';
import { clipSpectrogram, contextWindowAt, DEFAULT_SPECTROGRAM_OPTIONS } from '../core/audio';
import { AffectscopeError } from '../core/errors';
import type { AffectPrediction } from '../core/labels';
import type { ModelStep, ModelStream } from './model-stage';
import { ModelWorkerCore } from './model-worker-core';
import type { BackendChoice, CropMessage, FromModelWorker, PredictionResult } from './protocol';

const CONTEXT_FRAMES = 8;
const PREDICTION: AffectPrediction = { valence: 0.5, arousal: -0.25, actionUnitProbabilities: new Array(8).fill(0.1), expressionProbabilities: new Array(7).fill(1 / 7) };

/** A model that records what it was given and, while `hold` is on, waits to be released before answering. */
class FakeStage implements ModelStep {
  readonly steps: { trackId: number; timestampMs: number; audio: Float32Array }[] = [];
  /** how many faces each stepFaces call had */
  readonly batches: number[] = [];
  /** streams made, by track, and which of them were disposed */
  readonly streamsMade: number[] = [];
  readonly streamsDisposed: number[] = [];
  disposed = false;
  hold = false;
  private readonly waiting: (() => void)[] = [];
  readonly skipped = [];
  readonly alignOptions = { cropSizePx: 2, colorMode: 'rgb' as const };
  readonly spectrogramOptions = { ...DEFAULT_SPECTROGRAM_OPTIONS };
  readonly contextFrames = CONTEXT_FRAMES;
  readonly numTensors = 42;
  readonly summary = { id: 'fake', name: 'Fake', trained: false, data: '', licence: '', notes: '', heldOutMetrics: null, derivedOutputs: {}, actionUnitThresholds: null, architecture: 'av-mt-vgg-rnn', widthMultiplier: 1, audioWidthMultiplier: 1 };
  constructor(readonly manifestUrl: string, readonly backendChoice: BackendChoice, readonly backend: 'wasm' | 'cpu' = 'wasm') {}
  createStream(): ModelStream {
    const stream = this.streamsMade.length;
    this.streamsMade.push(stream);
    return {
      // the crop's first value carries the track id (see `crop` below), so a test can tell which stream stepped which face
      step: async (face, audio, timestampMs) => {
        this.steps.push({ trackId: face[0], timestampMs, audio });
        if (this.hold) await new Promise<void>((resolve) => this.waiting.push(resolve));
        return { ...PREDICTION, valence: face[0] / 10 };
      },
      dispose: () => void this.streamsDisposed.push(stream),
    };
  }
  async stepFaces(faces: ReadonlyArray<{ stream: ModelStream; face: Float32Array }>, audio: Float32Array, timestampMs: number): Promise<AffectPrediction[]> {
    this.batches.push(faces.length);
    const out: AffectPrediction[] = [];
    for (const { stream, face } of faces) out.push(await stream.step(face, audio, timestampMs));
    return out;
  }
  release(): void {
    this.hold = false;
    this.waiting.splice(0).forEach((resolve) => resolve());
  }
  dispose(): void {
    this.disposed = true;
  }
}

async function started(options: { refuse?: BackendChoice } = {}) {
  const posted: FromModelWorker[] = [];
  const stages: FakeStage[] = [];
  let clockMs = 1000;
  const core = new ModelWorkerCore({
    createStage: async (url, backend) => {
      if (backend === options.refuse) throw new AffectscopeError('webgpu-missing', 'WebGPU is not available');
      stages.push(new FakeStage(url, backend));
      return stages[stages.length - 1];
    },
    post: (message) => posted.push(message),
    nowMs: () => (clockMs += 1),
  });
  core.handle({ type: 'init', options: { manifestUrl: '/models/m/manifest.json', backend: options.refuse ?? 'auto', tfjsWasmPrefix: '/w/' } });
  await core.settled();
  const predictions = () => posted.filter((m): m is PredictionResult => m.type === 'prediction');
  const settle = async () => {
    for (let i = 0; i < 10; i++) {
      await core.settled();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  };
  const until = async (done: () => boolean) => {
    for (let i = 0; i < 100 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 0));
    expect(done()).toBe(true);
  };
  return { core, posted, stage: stages[stages.length - 1], stages, predictions, settle, until };
}

/**
 * A frame's crop message: one crop per track (its first value is the track id), every track given alive; each
 * track in its first run (run = id) unless `runs` says otherwise.
 */
const crop = (timestampMs: number, trackIds: number[] = [1], liveTrackIds: number[] = trackIds, runs: Record<number, number> = {}): CropMessage => ({
  type: 'crop', timestampMs, liveTrackIds, faces: trackIds.map((trackId) => ({ trackId, trackRun: runs[trackId] ?? trackId, crop: new Float32Array(12).fill(trackId) })),
});

describe('ModelWorkerCore', () => {
  it('loads the model and says so once', async () => {
    const w = await started();
    expect(w.posted).toHaveLength(1);
    expect(w.posted[0]).toMatchObject({ type: 'ready', backend: 'wasm', model: { id: 'fake' }, fallback: null });
  });

  it('falls back to the automatic backend when the one asked for cannot start, and says why', async () => {
    const w = await started({ refuse: 'webgpu' });
    expect(w.stage.backendChoice).toBe('auto');
    expect(w.posted[0]).toMatchObject({ type: 'ready', fallback: { requested: 'webgpu', code: 'webgpu-missing' } });
  });

  it('live: the newest crop wins; those that came during a step are dropped', async () => {
    const w = await started();
    w.stage.hold = true;
    w.core.onCrop(crop(1));
    await w.until(() => w.stage.steps.length === 1);
    for (const t of [2, 3, 4]) w.core.onCrop(crop(t));
    w.stage.release();
    await w.settle();
    expect(w.stage.steps.map((s) => s.timestampMs)).toEqual([1, 4]);
    expect(w.predictions().map((p) => p.timestampMs)).toEqual([1, 4]);
    expect(w.predictions()[1]).toMatchObject({ prediction: { ...PREDICTION, valence: 0.1 }, tracks: [{ trackId: 1 }], numTensors: 42, audioActive: false });
  });

  it('file: every crop runs, in order', async () => {
    const w = await started();
    w.core.handle({ type: 'file-open', hasSound: false });
    w.stage.hold = true;
    w.core.onCrop(crop(0));
    await w.until(() => w.stage.steps.length === 1);
    for (const t of [33, 67, 100]) w.core.onCrop(crop(t));
    w.stage.release();
    await w.settle();
    expect(w.predictions().map((p) => p.timestampMs)).toEqual([0, 33, 67, 100]);
  });

  it('reset drops the crops of frames before its time and clears the recurrent state', async () => {
    const w = await started();
    w.stage.hold = true;
    w.core.onCrop(crop(10));
    await w.until(() => w.stage.steps.length === 1);
    w.core.onCrop(crop(20));
    w.core.handle({ type: 'reset', beforeTimestampMs: 100 });
    w.core.onCrop(crop(50));
    w.stage.release();
    await w.settle();
    w.core.onCrop(crop(120));
    await w.settle();
    expect(w.predictions().map((p) => p.timestampMs)).toEqual([10, 120]);
    // the state of track 1 was dropped: frame 120 starts a new one
    expect(w.stage.streamsMade).toEqual([0, 1]);
    expect(w.stage.streamsDisposed).toEqual([0]);
  });

  it("file: each step hears the soundtrack's context window at the crop's time, not the microphone", async () => {
    const w = await started();
    const rateHz = DEFAULT_SPECTROGRAM_OPTIONS.sampleRateHz;
    const samples = Float32Array.from({ length: rateHz }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / rateHz) * (i / rateHz));
    w.core.handle({ type: 'file-open', hasSound: true });
    w.core.onPcm({ type: 'pcm', samples: new Float32Array(960).fill(0.9), sampleRateHz: 48000, startTimeMs: 0 });
    // the soundtrack comes in pieces, on another channel than the crops: a crop whose time it has not reached waits
    w.core.handle({ type: 'file-audio', samples: samples.slice(0, rateHz / 4), sampleRateHz: rateHz, restartAtMs: 0, last: false });
    for (const t of [500, 900]) w.core.onCrop(crop(t));
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 0));
    expect(w.stage.steps).toHaveLength(0);
    w.core.handle({ type: 'file-audio', samples: samples.slice(rateHz / 4, (rateHz * 3) / 4), sampleRateHz: rateHz, restartAtMs: null, last: false });
    await w.until(() => w.stage.steps.length === 1);
    w.core.handle({ type: 'file-audio', samples: samples.slice((rateHz * 3) / 4), sampleRateHz: rateHz, restartAtMs: null, last: true });
    await w.settle();
    const clip = clipSpectrogram(samples, DEFAULT_SPECTROGRAM_OPTIONS);
    expect(w.stage.steps.map((s) => s.timestampMs)).toEqual([500, 900]);
    w.stage.steps.forEach((s) => expect(s.audio).toEqual(contextWindowAt(clip, s.timestampMs, CONTEXT_FRAMES)));
    expect(w.stage.steps[0].audio).not.toEqual(w.stage.steps[1].audio);
    // Frame i of a 33 ms window with a 22 ms hop ends at 33 + 22·i ms: 22 frames by 500 ms, 40 by 900 ms.
    expect(w.predictions().map((p) => p.audioFramesTotal)).toEqual([22, 40]);
    expect(w.predictions().map((p) => p.audioActive)).toEqual([true, true]);
    expect(w.predictions()[1].latestSpectrogramFrame).toEqual(clip.frames[39]);
  });

  it('a frame without a face posts a null prediction; the track keeps its state while the face worker remembers it', async () => {
    const w = await started();
    w.core.onCrop(crop(1));
    await w.settle();
    w.core.onCrop(crop(5, [], [1]));
    await w.settle();
    expect(w.stage.steps.map((s) => s.timestampMs)).toEqual([1]);
    expect(w.predictions()[1]).toMatchObject({ timestampMs: 5, prediction: null, tracks: [], modelMs: 0 });
    expect(w.stage.streamsDisposed).toEqual([]);
    w.core.onCrop(crop(9, [], []));
    await w.settle();
    expect(w.stage.streamsDisposed).toEqual([0]);
  });

  it('one recurrent state per track, made on its first crop, dropped when the track ends; all hear the same audio', async () => {
    const w = await started();
    w.core.onCrop(crop(1, [1]));
    await w.settle();
    w.core.onCrop(crop(2, [2, 1]));
    await w.settle();
    w.core.onCrop(crop(3, [2], [2]));
    await w.settle();
    expect(w.stage.streamsMade).toEqual([0, 1]); // track 1 → stream 0, track 2 → stream 1
    expect(w.stage.streamsDisposed).toEqual([0]);
    const [, two, three] = w.predictions();
    // the largest face first: its prediction is also the frame's `prediction`
    expect(two.tracks.map((t) => t.trackId)).toEqual([2, 1]);
    expect(two.prediction?.valence).toBeCloseTo(0.2, 12);
    expect(two.tracks[1].prediction.valence).toBeCloseTo(0.1, 12);
    expect(three.tracks.map((t) => t.trackId)).toEqual([2]);
    const frame2 = w.stage.steps.filter((s) => s.timestampMs === 2);
    expect(frame2.map((s) => s.trackId)).toEqual([2, 1]);
    expect(frame2[0].audio).toBe(frame2[1].audio);
    // one face steps alone; the two faces of frame 2 went to the model as one batch
    expect(w.stage.batches).toEqual([2]);
  });

  it('a frame dropped by newest-wins does not leak the state of a track that ended in it', async () => {
    const w = await started();
    w.stage.hold = true;
    w.core.onCrop(crop(1, [1, 2]));
    await w.until(() => w.stage.steps.length === 1);
    w.core.onCrop(crop(2, [1], [1])); // track 2 ended here: dropped, never run
    w.core.onCrop(crop(3, [1], [1]));
    w.stage.release();
    await w.settle();
    expect(w.predictions().map((p) => p.timestampMs)).toEqual([1, 3]);
    expect(w.stage.streamsDisposed).toEqual([1]);
  });

  it('a track that ends and rejoins in one frame (a seek, rule 3) starts a new state under its old id', async () => {
    const w = await started();
    w.core.onCrop(crop(1, [1]));
    await w.settle();
    w.core.onCrop(crop(2, [1]));
    await w.settle();
    // still alive in the frame's list, but in a new run: the state of run 1 must not carry over
    w.core.onCrop(crop(3, [1], [1], { 1: 7 }));
    await w.settle();
    w.core.onCrop(crop(4, [1], [1], { 1: 7 }));
    await w.settle();
    expect(w.stage.streamsMade).toEqual([0, 1]);
    expect(w.stage.streamsDisposed).toEqual([0]);
    expect(w.predictions().map((p) => p.tracks.map((t) => t.trackId))).toEqual([[1], [1], [1], [1]]);
  });

  it('live audio counts as active while chunks arrive, and a model switch disposes the old model', async () => {
    const w = await started();
    w.core.onPcm({ type: 'pcm', samples: new Float32Array(4800), sampleRateHz: 48000, startTimeMs: 0 });
    w.core.onCrop(crop(1));
    await w.settle();
    expect(w.predictions()[0].audioActive).toBe(true);
    expect(w.predictions()[0].audioFramesTotal).toBeGreaterThan(0);
    w.core.handle({ type: 'set-model', manifestUrl: '/models/other/manifest.json' });
    await w.settle();
    expect(w.stage.disposed).toBe(true);
    expect(w.stages[1].manifestUrl).toBe('/models/other/manifest.json');
  });

  it("posts a typed error for 'set-backend' before the model is loaded", async () => {
    const posted: FromModelWorker[] = [];
    const core = new ModelWorkerCore({ createStage: async () => new FakeStage('', 'auto'), post: (m) => posted.push(m), nowMs: () => 0 });
    core.handle({ type: 'set-backend', backend: 'cpu' });
    await core.settled();
    expect(posted).toEqual([{ type: 'error', code: 'internal', message: 'the model is not loaded yet', fatal: false }]);
  });
});
