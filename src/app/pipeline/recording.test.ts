import { IDBFactory, IDBKeyRange, IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AffectPrediction } from '../../core/labels';
import { AffectscopeError } from '../../core/errors';
import type { RecorderHandle, RecorderInterruption, RecorderOptions } from '../../io/recorder';
import { SessionStore, StorageFullError } from '../../io/session-store';
import { SessionRecording } from './recording';

// MediaRecorder does not exist in Node: a recorder whose media clock is the page clock from 0, and whose
// chunks the test hands in.
const recorder = vi.hoisted(() => ({
  emit: null as null | ((chunk: { bytes: Blob; endMediaTimeMs: number }) => void),
  interrupt: null as null | ((interruption: RecorderInterruption) => void),
  stops: 0,
}));
vi.mock('../../io/recorder', () => ({
  startRecorder: async (
    _tracks: unknown,
    onChunk: (chunk: { bytes: Blob; endMediaTimeMs: number }) => void,
    options: RecorderOptions = {},
  ): Promise<RecorderHandle> => {
    recorder.emit = onChunk;
    recorder.interrupt = options.onInterrupted ?? null;
    recorder.stops = 0;
    return {
      mimeType: 'video/webm;codecs=vp8,opus', startedAtPageMs: 0, mediaTimeMs: (pageMs) => pageMs,
      stop: async () => { recorder.stops += 1; },
    };
  },
}));

const MODEL = { id: 'm', name: 'test model', trained: false };

const prediction = (over: Partial<AffectPrediction> = {}): AffectPrediction => ({
  valence: 0.5,
  arousal: -0.25,
  actionUnitProbabilities: new Array(8).fill(0.5),
  expressionProbabilities: new Array(7).fill(1 / 7),
  ...over,
});

async function openStore(): Promise<SessionStore> {
  return SessionStore.open({ factory: new IDBFactory(), keyRange: IDBKeyRange, storage: null, locks: null, now: () => 0 });
}

async function startRecording(store: SessionStore) {
  const failures: unknown[] = [];
  const recording = await SessionRecording.start(store, [], MODEL, 'test', (error) => failures.push(error));
  return { recording, failures };
}

/** Lets every queued write run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

afterEach(() => vi.restoreAllMocks());

describe('SessionRecording', () => {
  it('clamps out-of-range model outputs and drops NaN ones, counts them, and keeps recording', async () => {
    const store = await openStore();
    const { recording, failures } = await startRecording(store);
    recorder.emit!({ bytes: new Blob([new Uint8Array(10)]), endMediaTimeMs: 1000 });
    recording.addFrame(100, { faceFound: true, prediction: prediction({ valence: 1.0000001 }), landmarks: null });
    recording.addFrame(200, { faceFound: true, prediction: prediction({ arousal: Number.NaN }), landmarks: [0.5, 0.5] });
    recording.addFrame(1100, { faceFound: true, prediction: prediction(), landmarks: null }); // flushes the first second
    recording.addFrame(1200, { faceFound: true, prediction: prediction(), landmarks: null });
    await settle();
    await recording.stop(1500);
    expect(failures).toEqual([]);
    expect(recording.repairs).toEqual({ clampedValues: 1, droppedPredictions: 1, droppedLandmarks: 0 });
    const { session, summary } = await store.loadSession(recording.sessionId);
    expect(summary).toMatchObject({ state: 'complete', durationMs: 1500, frameCount: 4 });
    expect(session.frames.map((f) => f.prediction?.valence ?? null)).toEqual([1, null, 0.5, 0.5]);
  });

  it('finishes the session when the disk fills up, so it does not stay "recording" until a reload', async () => {
    const store = await openStore();
    const { recording, failures } = await startRecording(store);
    recorder.emit!({ bytes: new Blob([new Uint8Array(10)]), endMediaTimeMs: 1000 });
    recording.addFrame(500, { faceFound: false, prediction: null, landmarks: null });
    recording.addFrame(1500, { faceFound: false, prediction: null, landmarks: null }); // flushes both
    await settle();
    const add = FakeObjectStore.prototype.add;
    vi.spyOn(FakeObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
      if (this.name === 'mediaChunks') throw new DOMException('quota exceeded', 'QuotaExceededError');
      return add.apply(this, args);
    });
    recorder.emit!({ bytes: new Blob([new Uint8Array(10)]), endMediaTimeMs: 2000 });
    await vi.waitFor(() => expect(failures).toHaveLength(1));
    expect(failures[0]).toBeInstanceOf(StorageFullError);
    vi.restoreAllMocks();
    const [summary] = await store.list();
    // Closed at the end of the saved media, as a reload's recovery would: the frame after it is dropped.
    expect(summary).toMatchObject({ id: recording.sessionId, state: 'recovered', durationMs: 1000, byteLength: 10, frameCount: 1 });
    // Nothing more is written after the failure, and stop() reports it.
    recording.addFrame(2500, { faceFound: false, prediction: null, landmarks: null });
    await expect(recording.stop(3000)).rejects.toBeInstanceOf(StorageFullError);
    expect((await store.list())[0]).toMatchObject({ state: 'recovered', durationMs: 1000 });
  });

  it('ends cleanly when the camera changes mid-recording: everything saved, session complete, the reason said', async () => {
    const store = await openStore();
    const { recording, failures } = await startRecording(store);
    recorder.emit!({ bytes: new Blob([new Uint8Array(10)]), endMediaTimeMs: 1000 });
    recording.addFrame(500, { faceFound: true, prediction: prediction(), landmarks: null });
    recording.addFrame(1100, { faceFound: true, prediction: prediction(), landmarks: null }); // flushes
    recording.addFrame(1400, { faceFound: true, prediction: prediction(), landmarks: null }); // still pending
    vi.spyOn(performance, 'now').mockReturnValue(1500);
    recorder.interrupt!({ reason: 'camera-changed', trackKind: 'video' });
    await vi.waitFor(() => expect(failures).toHaveLength(1));
    expect(failures[0]).toBeInstanceOf(AffectscopeError);
    expect((failures[0] as AffectscopeError).code).toBe('recording-interrupted');
    expect((failures[0] as Error).message).toBe(
      'Recording stopped because the camera changed; 1.5 s saved. Press Record to go on recording with the new camera.',
    );
    expect(recorder.stops).toBe(1);
    const [summary] = await store.list();
    expect(summary).toMatchObject({ id: recording.sessionId, state: 'complete', durationMs: 1500, frameCount: 3 });
    // Frames after the end are not recorded; stop() afterwards is harmless and says the same duration.
    recording.addFrame(1600, { faceFound: true, prediction: prediction(), landmarks: null });
    await expect(recording.stop(1700)).resolves.toBe(1700);
    expect((await store.list())[0]).toMatchObject({ state: 'complete', frameCount: 3, durationMs: 1500 });
  });

  it('ends cleanly when a recorded track ends by itself (camera unplugged)', async () => {
    const store = await openStore();
    const { recording, failures } = await startRecording(store);
    recorder.emit!({ bytes: new Blob([new Uint8Array(10)]), endMediaTimeMs: 1000 });
    recording.addFrame(300, { faceFound: false, prediction: null, landmarks: null });
    vi.spyOn(performance, 'now').mockReturnValue(2000);
    recorder.interrupt!({ reason: 'track-ended', trackKind: 'video' });
    await vi.waitFor(() => expect(failures).toHaveLength(1));
    expect((failures[0] as Error).message).toMatch(/^Recording stopped because the camera stopped \(unplugged .*\); 2\.0 s saved\.$/);
    expect((await store.list())[0]).toMatchObject({ state: 'complete', durationMs: 2000, frameCount: 1 });
  });
});
