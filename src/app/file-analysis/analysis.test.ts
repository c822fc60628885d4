import { describe, expect, it, vi } from 'vitest';
import type { AffectPrediction } from '../../core/labels';
import { validateSessionRecord } from '../../core/session';
import { makeTestSession } from '../../core/session/test-session';
import type { FromFaceWorker, FromModelWorker, PipelineInitOptions, ToFaceWorker } from '../../workers/protocol';
import { FileAnalysis } from './analysis';
import { fileOutputs } from './outputs';

// The workers and the decoder need a browser: fakes that the test drives. The model answers each frame when told.
const FRAME_MS = 100;
const FRAME_COUNT = 10;
const fake = vi.hoisted(() => ({
  /** frame times of the fake video, in decoding order */
  frameTimesMs: [] as number[],
  sent: [] as number[],
  alignSent: [] as unknown[],
  onFace: null as null | ((m: FromFaceWorker) => void),
  onModel: null as null | ((m: FromModelWorker) => void),
}));
vi.mock('./workers', () => ({
  startPipelineWorkers: (_init: unknown, onFace: (m: FromFaceWorker) => void, onModel: (m: FromModelWorker) => void) => {
    fake.onFace = onFace;
    fake.onModel = onModel;
    return {
      sendFace: (message: ToFaceWorker) => {
        if (message.type === 'frame') fake.sent.push(message.timestampMs);
        if (message.type === 'set-align') fake.alignSent.push(message.alignOptions);
      },
      sendModel: () => undefined,
      terminate: () => undefined,
    };
  },
}));
vi.mock('../../io/audio-file', () => ({ decodeAudioFile: async () => ({ samples: new Float32Array(0), sampleRateHz: 16_000 }) }));
vi.mock('../../io/video-file', () => ({
  openVideoFile: async (_file: Blob, fileName: string) => ({
    info: {
      fileName, mimeType: 'video/mp4', byteLength: 1, durationMs: FRAME_COUNT * FRAME_MS, widthPx: 64, heightPx: 64, codec: 'avc1',
      frameCount: fake.frameTimesMs.length, frameRateHz: 1000 / FRAME_MS, firstFrameTimeMs: 0, audioSampleRateHz: null,
    },
    async *frames(startMs = 0) {
      let first = 0; // the frame shown at startMs: the last one at or before it
      fake.frameTimesMs.forEach((t, i) => (first = t <= startMs ? i : first));
      for (const timestampMs of fake.frameTimesMs.slice(first)) yield { bitmap: { close: () => undefined }, timestampMs };
    },
    dispose: () => undefined,
  }),
}));

const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

/** A fresh analysis of a fake video with these frame times, both workers ready. */
async function start(frameTimesMs: number[]): Promise<FileAnalysis> {
  fake.frameTimesMs = frameTimesMs;
  fake.sent = [];
  answered = 0;
  const analysis = new FileAnalysis(new Blob([]), 'clip.mp4', { init: {} as PipelineInitOptions });
  fake.onFace!({ type: 'face-ready' } as FromFaceWorker);
  fake.alignSent = [];
  fake.onModel!({
    type: 'ready', backend: 'cpu', model: { id: 'm', name: 'm', trained: false, derivedOutputs: {} }, alignOptions: { cropSizePx: 96, colorMode: 'luma3' },
  } as unknown as FromModelWorker);
  await settle();
  return analysis;
}

async function answerAll(): Promise<void> {
  while (answered < fake.sent.length) {
    answerNext();
    await settle();
  }
}

/** The model's answer for the oldest frame not yet answered. */
let answered = 0;
function answerNext(prediction: AffectPrediction | null = null): void {
  const timestampMs = fake.sent[answered++];
  fake.onModel!({
    type: 'prediction', timestampMs, prediction, modelMs: 1, spectrogramMs: 0, audioFramesTotal: 0, latestSpectrogramFrame: null,
    audioActive: false, numTensors: 0,
  });
}

describe('FileAnalysis', () => {
  it('aligns faces the way the model declares (luma3 crops for the shipped model), as the live page does', async () => {
    const analysis = await start([0, 100, 200]);
    expect(fake.alignSent).toEqual([{ cropSizePx: 96, colorMode: 'luma3' }]);
    await answerAll();
    await analysis.done;
  });

  it('a backward seek while frames are in flight: their results do not land after the seek point out of order, and the save is valid', async () => {
    const analysis = await start(Array.from({ length: FRAME_COUNT }, (_, i) => i * FRAME_MS));
    expect(fake.sent).toEqual([0, 100, 200]); // three in flight
    for (let i = 0; i < 3; i++) {
      answerNext();
      await settle();
    }
    expect(fake.sent).toEqual([0, 100, 200, 300, 400, 500]);
    analysis.seek(150); // back, to the frame shown at 150 ms (100), while 300-500 are still being analysed
    await settle();
    await answerAll();
    const result = await analysis.done;
    const times = result.frames.map((f) => f.mediaTimeMs);
    expect(times).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
    expect(result.decodedFrameTimesMs).toEqual(times);
    expect(fake.sent.slice(6)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900]); // analysed again from the seek point
    const { session } = makeTestSession();
    expect(() => validateSessionRecord({ ...session, frames: result.frames })).not.toThrow();
  });

  it('a repeated frame time in the file: the repeat is skipped and counted, the rest analysed, and the outputs are written', async () => {
    const analysis = await start([0, 100, 100, 200, 300, 300, 400]);
    await answerAll();
    const result = await analysis.done;
    expect(fake.sent).toEqual([0, 100, 200, 300, 400]);
    expect(result.frames.map((f) => f.mediaTimeMs)).toEqual([0, 100, 200, 300, 400]);
    expect(result.repeatedFrameTimes).toBe(2);
    expect(analysis.getSnapshot()).toMatchObject({ phase: 'done', repeatedFrameTimes: 2 });
    const outputs = fileOutputs(result);
    expect(outputs['VA_Estimation.txt'].trimEnd().split('\n')).toHaveLength(1 + 5);
  });

  it('model outputs out of range are clamped, NaN ones dropped, and counted, so the save is valid', async () => {
    const analysis = await start([0, 100, 200]);
    const p = (valence: number): AffectPrediction => ({ valence, arousal: 0, actionUnitProbabilities: new Array(8).fill(0.5), expressionProbabilities: new Array(7).fill(1 / 7) });
    for (const valence of [1.0000001, Number.NaN, 0.5]) {
      answerNext(p(valence));
      await settle();
    }
    const result = await analysis.done;
    expect(result.frames.map((f) => f.prediction?.valence ?? null)).toEqual([1, null, 0.5]);
    expect(analysis.getSnapshot().repairs).toEqual({ clampedValues: 1, droppedPredictions: 1, droppedLandmarks: 0 });
    const { session } = makeTestSession();
    expect(() => validateSessionRecord({ ...session, frames: result.frames })).not.toThrow();
  });
});
