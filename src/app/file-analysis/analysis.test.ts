import { describe, expect, it, vi } from 'vitest';
import type { AffectPrediction } from '../../core/labels';
import {
  predictionsCsv, predictionsJson, predictionsOnFrames, validateSessionRecord, writeAbawAu, writeAbawExpression, writeAbawVa, type FrameRecord,
} from '../../core/session';
import { makeTestSession } from '../../core/session/test-session';
import type { FromFaceWorker, FromModelWorker, PipelineInitOptions, ToFaceWorker } from '../../workers/protocol';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { SessionStore } from '../../io/session-store';
import { FileAnalysis, MAX_FRAMES_IN_FLIGHT } from './analysis';
import { LibrarySink } from './library-sink';
import { FLUSH_FRAMES, MAX_HELD_FRAMES, type FileAnalysisSink } from './frame-writer';
import { FileOutputStream } from './outputs';

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
vi.mock('../pipeline/workers', () => ({
  startPipelineWorkers: (_init: unknown, handlers: { onFace: (m: FromFaceWorker) => void; onModel: (m: FromModelWorker) => void }) => {
    fake.onFace = handlers.onFace;
    fake.onModel = handlers.onModel;
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
vi.mock('../../io/video-file', () => ({
  openVideoFile: async (_file: Blob, fileName: string) => ({
    info: {
      fileName, mimeType: 'video/mp4', byteLength: 1, durationMs: FRAME_COUNT * FRAME_MS, widthPx: 64, heightPx: 64, codec: 'avc1',
      frameCount: fake.frameTimesMs.length, frameRateHz: 1000 / FRAME_MS, firstFrameTimeMs: 0, audioSampleRateHz: null, audioCodec: null,
      audioDecodable: false,
    },
    async *frames(startMs = 0) {
      let first = 0; // the frame shown at startMs: the last one at or before it
      fake.frameTimesMs.forEach((t, i) => (first = t <= startMs ? i : first));
      for (const timestampMs of fake.frameTimesMs.slice(first)) yield { image: { close: () => undefined }, timestampMs };
    },
    async *audio() {},
    dispose: () => undefined,
  }),
}));

const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

/** A sink that keeps what it is given, as the library would store it; `hold` keeps writes from finishing. */
class MemorySink implements FileAnalysisSink {
  frames: FrameRecord[] = [];
  batches = 0;
  hold: Promise<void> | null = null;
  async begin(): Promise<void> {}
  async write(frames: FrameRecord[]): Promise<void> {
    if (this.hold) await this.hold;
    if (this.frames.length > 0 && frames[0].mediaTimeMs < this.frames.at(-1)!.mediaTimeMs) throw new Error('frames out of order');
    this.frames.push(...frames);
    this.batches += 1;
  }
  async truncate(fromMediaTimeMs: number): Promise<void> {
    this.frames = this.frames.filter((f) => f.mediaTimeMs < fromMediaTimeMs);
  }
}

let sink = new MemorySink();

/** A fresh analysis of a fake video with these frame times, both workers ready. */
async function start(frameTimesMs: number[], to: FileAnalysisSink = (sink = new MemorySink())): Promise<FileAnalysis> {
  fake.frameTimesMs = frameTimesMs;
  fake.sent = [];
  answered = 0;
  const analysis = new FileAnalysis(new Blob([]), 'clip.mp4', { init: {} as PipelineInitOptions, sink: to });
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
    type: 'prediction', timestampMs, prediction, tracks: prediction ? [{ trackId: 1, prediction }] : [], modelMs: 1, spectrogramMs: 0, audioFramesTotal: 0, latestSpectrogramFrame: null,
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
    const times = sink.frames.map((f) => f.mediaTimeMs);
    expect(times).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
    expect(result.decodedFrames).toEqual({ count: times.length, firstMs: 0, lastMs: 900 });
    expect(result.analysedFrames).toEqual({ count: times.length, firstMs: 0, lastMs: 900 });
    expect(fake.sent.slice(6)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900]); // analysed again from the seek point
    const { session } = makeTestSession();
    expect(() => validateSessionRecord({ ...session, frames: sink.frames })).not.toThrow();
  });

  it('a seek after the last frame was sent, while its result is still coming, is honoured (not dropped at the end)', async () => {
    const analysis = await start([0, 100, 200]);
    expect(fake.sent).toEqual([0, 100, 200]); // every frame sent, none answered
    analysis.seek(50);
    await settle();
    await answerAll();
    const result = await analysis.done;
    expect(result.seeks).toBe(1);
    expect(fake.sent).toEqual([0, 100, 200, 0, 100, 200]); // analysed again from the frame shown at 50 ms
    expect(sink.frames.map((f) => f.mediaTimeMs)).toEqual([0, 100, 200]);
  });

  it('a seek while paused shows the new position and the frames that will be kept at once, not after resuming', async () => {
    const analysis = await start(Array.from({ length: FRAME_COUNT }, (_, i) => i * FRAME_MS));
    for (let i = 0; i < 3; i++) {
      answerNext();
      await settle();
    }
    analysis.pause();
    await answerAll(); // the frames in flight come back; nothing new is sent while paused
    expect(analysis.getSnapshot()).toMatchObject({ phase: 'paused', framesAnalysed: 6, currentTimeMs: 500 });
    analysis.seek(150);
    expect(analysis.getSnapshot()).toMatchObject({ currentTimeMs: 150, framesAnalysed: 2 });
    analysis.resume();
    await settle();
    await answerAll();
    await analysis.done;
  });

  it('a repeated frame time in the file: the repeat is skipped and counted, the rest analysed, and the outputs are written', async () => {
    const analysis = await start([0, 100, 100, 200, 300, 300, 400]);
    await answerAll();
    const result = await analysis.done;
    expect(fake.sent).toEqual([0, 100, 200, 300, 400]);
    expect(sink.frames.map((f) => f.mediaTimeMs)).toEqual([0, 100, 200, 300, 400]);
    expect(result.repeatedFrameTimes).toBe(2);
    expect(analysis.getSnapshot()).toMatchObject({ phase: 'done', repeatedFrameTimes: 2 });
    const va = new FileOutputStream().rows(sink.frames)['VA_Estimation.txt'];
    expect(va.trimEnd().split('\n')).toHaveLength(5); // one row per frame (the header comes from start())
  });

  it('model outputs out of range are clamped, NaN ones dropped, and counted, so the save is valid', async () => {
    const analysis = await start([0, 100, 200]);
    const p = (valence: number): AffectPrediction => ({ valence, arousal: 0, actionUnitProbabilities: new Array(8).fill(0.5), expressionProbabilities: new Array(7).fill(1 / 7) });
    for (const valence of [1.0000001, Number.NaN, 0.5]) {
      answerNext(p(valence));
      await settle();
    }
    await analysis.done;
    expect(sink.frames.map((f) => f.prediction?.valence ?? null)).toEqual([1, null, 0.5]);
    expect(analysis.getSnapshot().repairs).toEqual({ clampedValues: 1, droppedPredictions: 1, droppedLandmarks: 0 });
    const { session } = makeTestSession();
    expect(() => validateSessionRecord({ ...session, frames: sink.frames })).not.toThrow();
  });

  it('holds a bounded number of frames however long the file: results go to the sink in batches, and analysis waits for it', async () => {
    const frameCount = 1000;
    const analysis = await start(Array.from({ length: frameCount }, (_, i) => i * 33));
    let release!: () => void;
    sink.hold = new Promise<void>((resolve) => (release = resolve));
    // The sink is stuck (a slow disk): the analysis stops sending frames once MAX_HELD_FRAMES wait to be written.
    let maxHeld = 0;
    while (answered < fake.sent.length) {
      while (answered < fake.sent.length) answerNext();
      await settle();
      maxHeld = Math.max(maxHeld, analysis.framesHeld);
    }
    // Frames already in flight when the limit is reached still come back.
    expect(fake.sent.length).toBeLessThanOrEqual(MAX_HELD_FRAMES + MAX_FRAMES_IN_FLIGHT);
    expect(maxHeld).toBeLessThanOrEqual(MAX_HELD_FRAMES + MAX_FRAMES_IN_FLIGHT);
    sink.hold = null;
    release();
    for (;;) {
      await settle();
      maxHeld = Math.max(maxHeld, analysis.framesHeld);
      if (answered === fake.sent.length && fake.sent.length === frameCount) break;
      while (answered < fake.sent.length) answerNext();
    }
    const result = await analysis.done;
    expect(maxHeld).toBeLessThanOrEqual(MAX_HELD_FRAMES + MAX_FRAMES_IN_FLIGHT);
    expect(analysis.framesHeld).toBe(0);
    expect(sink.frames).toHaveLength(frameCount);
    expect(result.analysedFrames.count).toBe(frameCount);
    expect(sink.batches).toBeGreaterThanOrEqual(frameCount / FLUSH_FRAMES);
    expect(result).not.toHaveProperty('frames');
  });

  it('a tab closed half-way through a file: the next visit recovers a session with the frames analysed up to the last batch', async () => {
    const factory = new IDBFactory();
    const open = () => SessionStore.open({ factory, keyRange: IDBKeyRange, storage: null, locks: null, now: () => 0 });
    const file = new Blob([new Uint8Array(64)]);
    const library = new LibrarySink(await open(), file, '2026-11-30T12:00:00.000Z');
    // 400 frames 2 ms apart, inside the fake file's 1000 ms
    await start(Array.from({ length: 400 }, (_, i) => i * 2), library);
    while (answered < 200) {
      while (answered < Math.min(200, fake.sent.length)) answerNext();
      await settle();
    }
    // The tab is gone now (nothing finishes or abandons the session); another visit opens the library.
    const nextVisit = await open();
    const [recovered] = await nextVisit.recoverInterrupted();
    expect(recovered).toMatchObject({ id: library.sessionId, state: 'recovered', byteLength: 64 });
    expect(recovered.frameCount).toBeGreaterThanOrEqual(FLUSH_FRAMES);
    expect(recovered.frameCount).toBeLessThanOrEqual(200);
    const { session } = await nextVisit.loadSession(recovered.id);
    expect(session.frames.map((f) => f.mediaTimeMs)).toEqual(Array.from({ length: recovered.frameCount }, (_, i) => i * 2));
  });

  it('a failed write (disk full) ends the analysis with that error', async () => {
    const analysis = await start(Array.from({ length: 400 }, (_, i) => i * 33));
    sink.write = async () => { throw new Error('QuotaExceededError: the disk is full'); };
    await answerAll().catch(() => undefined);
    await expect(analysis.done).rejects.toThrow('the disk is full');
    expect(analysis.getSnapshot()).toMatchObject({ phase: 'failed', error: 'QuotaExceededError: the disk is full' });
  });
});

describe('FileOutputStream (the command line files)', () => {
  it('start, batches and end concatenate to the whole files', () => {
    const p = (valence: number): AffectPrediction => ({
      valence, arousal: -valence / 2, actionUnitProbabilities: [0.1, 0.9, 0.5, 0.49, 0.51, 0, 1, 0.7], expressionProbabilities: [0.1, 0.2, 0.4, 0.1, 0.1, 0.05, 0.05],
    });
    const frames: FrameRecord[] = Array.from({ length: 25 }, (_, i) => ({
      mediaTimeMs: i * 33.366, faceFound: i % 7 !== 3, prediction: i % 7 === 3 ? null : p((i - 12) / 13), landmarks: null,
    }));
    const stream = new FileOutputStream();
    const pieces = [stream.start(), stream.rows(frames.slice(0, 10)), stream.rows([]), stream.rows(frames.slice(10, 11)), stream.rows(frames.slice(11)), stream.end()];
    const joined = (name: string) => pieces.map((piece) => piece[name] ?? '').join('');
    const times = frames.map((f) => f.mediaTimeMs);
    expect(joined('frames.csv')).toBe(predictionsCsv(frames));
    expect(joined('frames.json')).toBe(predictionsJson(frames));
    expect(JSON.parse(joined('frames.json'))).toHaveLength(25);
    const tables = predictionsOnFrames(frames, times);
    expect(joined('VA_Estimation.txt')).toBe(writeAbawVa(tables.va));
    expect(joined('EXPR_Recognition.txt')).toBe(writeAbawExpression(tables.expression));
    expect(joined('AU_Detection.txt')).toBe(writeAbawAu(tables.au));
    expect(joined('AU_Detection.txt').split('\n')).toHaveLength(1 + 25 + 1);
    expect(joined('EXPR_Recognition.txt').split('\n').slice(1, 4)).toEqual(['2', '2', '2']);
  });
});
