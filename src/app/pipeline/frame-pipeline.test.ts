import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FaceResult, FromFaceWorker, FromModelWorker, PredictionResult, ToFaceWorker } from '../../workers/protocol';
import { FILE_POLICY, FramePipeline, LIVE_POLICY, type AnalysedFrame, type FramePolicy, type PipelineHandlers } from './frame-pipeline';
import type { WorkerHandlers } from './workers';

// The workers need a browser: a fake that records what is sent and lets the test answer.
const fake = vi.hoisted(() => ({ handlers: null as WorkerHandlers | null, toFace: [] as ToFaceWorker[] }));
vi.mock('./workers', () => ({
  startPipelineWorkers: (_init: unknown, handlers: WorkerHandlers) => {
    fake.handlers = handlers;
    return { sendFace: (m: ToFaceWorker) => fake.toFace.push(m), sendModel: () => undefined, terminate: () => undefined };
  },
}));

const bitmap = () => ({ close: () => undefined }) as unknown as ImageBitmap;
const face = (timestampMs: number): FaceResult => ({
  type: 'face', timestampMs, frameWidthPx: 64, frameHeightPx: 64, status: 'ok', faceCount: 1, faces: [], trackId: null, liveTrackIds: [], box: null, landmarks: null, cropRgba: null,
  cropSizePx: 96, measuredActionUnits: null, landmarksMs: 20, alignmentMs: 1,
});
const prediction = (timestampMs: number): PredictionResult => ({
  type: 'prediction', timestampMs, prediction: null, tracks: [], modelMs: 5, spectrogramMs: 1, audioFramesTotal: 0, latestSpectrogramFrame: null,
  audioActive: false, numTensors: 10,
});
const ready: FromModelWorker = {
  type: 'ready', backend: 'wasm', skipped: [], initMs: 1, fallback: null, alignOptions: { cropSizePx: 96, colorMode: 'luma3' },
  model: { id: 'm', name: 'm', trained: true, data: '', licence: '', notes: '', heldOutMetrics: {}, derivedOutputs: {}, architecture: 'av-mt-vgg-rnn', widthMultiplier: 1, audioWidthMultiplier: 1 } as never,
};

function start(policy: FramePolicy, accepts?: (t: number) => boolean) {
  const results: AnalysedFrame[] = [];
  const handlers: PipelineHandlers = {
    onModelReady: () => undefined, onFace: () => undefined, onResult: (frame) => results.push(frame),
    onWorkerError: () => undefined, onCrash: () => undefined, accepts,
  };
  const pipeline = new FramePipeline({} as never, policy, handlers, 'test');
  fake.handlers!.onFace({ type: 'face-ready', initMs: 1 } as FromFaceWorker);
  fake.handlers!.onModel(ready);
  return { pipeline, results, face: (t: number) => fake.handlers!.onFace(face(t)), predict: (t: number) => fake.handlers!.onModel(prediction(t)) };
}

beforeEach(() => {
  fake.toFace.length = 0;
});

describe('FramePipeline', () => {
  it('tells the face worker the crops the model declares once the model is ready', () => {
    const { pipeline } = start(LIVE_POLICY);
    expect(pipeline.ready).toBe(true);
    expect(fake.toFace).toContainEqual({ type: 'set-align', alignOptions: { cropSizePx: 96, colorMode: 'luma3' } });
  });

  it('live: two frames in flight at most, each released by its face result (the newest crop wins, some are never predicted)', () => {
    const { pipeline, results, face, predict } = start(LIVE_POLICY);
    pipeline.sendFrame(bitmap(), 1);
    pipeline.sendFrame(bitmap(), 2);
    expect(pipeline.canSend).toBe(false);
    face(1);
    expect(pipeline.canSend).toBe(true);
    face(2);
    predict(2); // frame 1's crop lost to frame 2's
    expect(pipeline.framesInFlight).toBe(0);
    expect(results.map((r) => [r.timestampMs, r.face?.timestampMs])).toEqual([[2, 2]]);
  });

  it('file: three frames in flight, each released only by its prediction, every face joined to its prediction', () => {
    const { pipeline, results, face, predict } = start(FILE_POLICY);
    for (const t of [1, 2, 3]) pipeline.sendFrame(bitmap(), t);
    for (const t of [1, 2, 3]) face(t);
    expect(pipeline.canSend).toBe(false);
    predict(1);
    expect(pipeline.canSend).toBe(true);
    predict(2);
    predict(3);
    expect(results.map((r) => [r.timestampMs, r.face?.timestampMs])).toEqual([[1, 1], [2, 2], [3, 3]]);
    expect(pipeline.stats.medians().spectrogramMs).toBe(1);
  });

  it('drops results the view refuses (frames from before the camera restarted), still releasing their slot', () => {
    const { pipeline, results, face, predict } = start(LIVE_POLICY, (t) => t >= 10);
    pipeline.sendFrame(bitmap(), 5);
    face(5);
    predict(5);
    expect(pipeline.framesInFlight).toBe(0);
    expect(results).toEqual([]);
    expect(pipeline.stats.medians().landmarksMs).toBeNaN();
  });

  it('is not ready while the model reloads on another backend', () => {
    const { pipeline } = start(LIVE_POLICY);
    pipeline.sendModel({ type: 'set-backend', backend: 'cpu' });
    expect(pipeline.canSend).toBe(false);
    fake.handlers!.onModel(ready);
    expect(pipeline.canSend).toBe(true);
  });
});
