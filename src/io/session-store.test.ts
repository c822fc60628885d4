import { IDBFactory, IDBKeyRange, IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { validateSessionRecord, type FrameRecord, type SessionModel } from '../core/session';
import { makeTestSession } from '../core/session/test-session';
import { SessionStore, StorageFullError, formatMediaTime, type SessionStoreOptions } from './session-store';
import { ALL_STORES, DEFAULT_DB_NAME } from './session-store/schema';

const MODEL: SessionModel = { id: 'av-lite-untrained', name: 'A/V lite (untrained)', trained: false };
const MIME = 'video/webm;codecs=vp8,opus';
const T0 = Date.parse('2025-03-01T12:00:00.000Z');

/** A fresh in-memory IndexedDB per test; the clock is fixed so createdAtIso is deterministic. */
function harness(overrides: SessionStoreOptions = {}) {
  const factory = new IDBFactory();
  let clockMs = T0;
  const options: SessionStoreOptions = { factory, keyRange: IDBKeyRange, storage: null, locks: null, now: () => clockMs, ...overrides };
  return {
    factory,
    options,
    open: (extra: SessionStoreOptions = {}) => SessionStore.open({ ...options, ...extra }),
    tick: (ms: number) => (clockMs += ms),
  };
}

/** 256 distinct bytes per chunk, so a wrong order or a lost chunk changes the concatenation. */
function mediaChunk(k: number): Uint8Array<ArrayBuffer> {
  return Uint8Array.from({ length: 256 + k }, (_, i) => (i * 7 + k * 31) & 0xff);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** 10 frames per second from `startMs` to `endMs` (exclusive); every other one with a face and a prediction. */
function framesBetween(startMs: number, endMs: number): FrameRecord[] {
  const frames: FrameRecord[] = [];
  for (let t = startMs; t < endMs; t += 100) {
    const faceFound = Math.round(t / 100) % 2 === 0;
    frames.push({
      mediaTimeMs: t,
      faceFound,
      prediction: faceFound
        ? { valence: 0.5, arousal: -0.25, actionUnitProbabilities: new Array(8).fill(0.5), expressionProbabilities: new Array(7).fill(1 / 7) }
        : null,
      landmarks: faceFound ? [0.1, 0.2, 0.3, 0.4] : null,
    });
  }
  return frames;
}

/** Records `chunks` seconds: one media chunk and 1 s of frames per second, without finishing. */
async function record(store: SessionStore, name: string, chunks: number, framesUntilMs = chunks * 1000) {
  const id = await store.beginSession({ name, mimeType: MIME, model: MODEL });
  const media: Uint8Array<ArrayBuffer>[] = [];
  for (let k = 0; k < chunks; k++) {
    media.push(mediaChunk(k));
    await store.appendMediaChunk(id, new Blob([media[k]]), (k + 1) * 1000);
    await store.appendFrames(id, framesBetween(k * 1000, k === chunks - 1 ? framesUntilMs : (k + 1) * 1000));
  }
  return { id, media };
}

/** Every raw record of every store, read past the SessionStore, to check what is really on disk. */
async function rawRecords(factory: IDBFactory): Promise<Record<string, unknown[]>> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = factory.open(DEFAULT_DB_NAME);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const tx = db.transaction(ALL_STORES, 'readonly');
  const result: Record<string, unknown[]> = {};
  await Promise.all(
    ALL_STORES.map(
      (name) =>
        new Promise<void>((resolve) => {
          const request = tx.objectStore(name).getAll();
          request.onsuccess = () => {
            result[name] = request.result;
            resolve();
          };
        }),
    ),
  );
  db.close();
  return result;
}

async function blobBytes(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('SessionStore recording', () => {
  it('records 5 chunks and frames; list and loadSession give them back, valid for the core format', async () => {
    const h = harness();
    const store = await h.open();
    const { id, media } = await record(store, 'Interview 1', 5);
    h.tick(60_000);
    const finished = await store.finishSession(id, 5000);
    expect(finished).toMatchObject({ state: 'complete', durationMs: 5000 });

    const [summary] = await store.list();
    expect(summary).toEqual({
      id,
      name: 'Interview 1',
      createdAtIso: '2025-03-01T12:00:00.000Z',
      updatedAtIso: '2025-03-01T12:01:00.000Z',
      state: 'complete',
      durationMs: 5000,
      byteLength: 5 * 256 + (0 + 1 + 2 + 3 + 4),
      mimeType: MIME,
      model: MODEL,
      frameCount: 50,
    });

    const loaded = await store.loadSession(id);
    expect(loaded.media.type).toBe(MIME);
    expect(await blobBytes(loaded.media)).toEqual(concat(media));
    expect(loaded.session.frames.map((f) => f.mediaTimeMs)).toEqual(framesBetween(0, 5000).map((f) => f.mediaTimeMs));
    expect(loaded.session.frames).toEqual(framesBetween(0, 5000));
    expect(validateSessionRecord(loaded.session)).toEqual(loaded.session);
    expect(loaded.session.media.byteLength).toBe(loaded.media.size);
    store.close();
  });

  it('refuses frames that go back in time and appends to a finished session, changing nothing', async () => {
    const store = await harness().open();
    const { id } = await record(store, 'a', 2);
    await expect(store.appendFrames(id, framesBetween(500, 600))).rejects.toMatchObject({ code: 'invalid-options' });
    await expect(store.appendMediaChunk(id, new Uint8Array(4), 1500)).rejects.toMatchObject({ code: 'invalid-options' });
    await store.finishSession(id);
    await expect(store.appendMediaChunk(id, new Uint8Array(4), 3000)).rejects.toMatchObject({ code: 'invalid-options' });
    const [summary] = await store.list();
    expect(summary).toMatchObject({ durationMs: 2000, frameCount: 20, byteLength: 256 + 257 });
    await expect(store.appendFrames('nope', framesBetween(0, 100))).rejects.toMatchObject({ code: 'session-missing' });
  });
});

describe('SessionStore.recoverInterrupted', () => {
  it('closes a session the tab never finished, at the end of its last media chunk, with the data up to it', async () => {
    const h = harness();
    const first = await h.open();
    // media up to 3 s, frames up to 3.5 s: the frames after 3 s describe video that was never saved
    const { id, media } = await record(first, 'crashed', 3, 3500);
    expect(await first.recoverInterrupted()).toEqual([]); // this tab is still recording it
    first.close(); // the tab goes away without finishSession

    const second = await h.open();
    const recovered = await second.recoverInterrupted();
    expect(recovered).toHaveLength(1);
    expect(recovered[0]).toMatchObject({ id, state: 'recovered', durationMs: 3000, frameCount: 31, byteLength: 256 + 257 + 258 });
    const loaded = await second.loadSession(id);
    expect(await blobBytes(loaded.media)).toEqual(concat(media));
    expect(loaded.session.durationMs).toBe(3000);
    expect(loaded.session.frames).toEqual(framesBetween(0, 3001));
    expect(await second.recoverInterrupted()).toEqual([]);
  });

  it('abandonRecording closes a recording that cannot go on now, as recovery would, and releases its lock', async () => {
    const locks = new FakeLocks();
    const store = await harness({ locks: locks as unknown as LockManager }).open();
    const { id } = await record(store, 'disk full', 2, 2500);
    expect(locks.heldNames()).toHaveLength(1);
    expect(await store.abandonRecording(id)).toMatchObject({ id, state: 'recovered', durationMs: 2000, frameCount: 21 });
    expect(locks.heldNames()).toEqual([]);
    expect((await store.loadSession(id)).session.frames).toEqual(framesBetween(0, 2001));
    await expect(store.abandonRecording(id)).rejects.toThrow(/is not being recorded \(it is recovered\)/);
    await expect(store.abandonRecording('missing')).rejects.toMatchObject({ code: 'session-missing' });
  });

  it('leaves alone a session another tab still records (its Web Lock is held)', async () => {
    const locks = new FakeLocks();
    const h = harness({ locks: locks as unknown as LockManager });
    const recordingTab = await h.open();
    const { id } = await record(recordingTab, 'live', 1);
    const otherTab = await h.open();
    expect(await otherTab.recoverInterrupted()).toEqual([]);
    await recordingTab.finishSession(id);
    expect(locks.heldNames()).toEqual([]);
    expect((await otherTab.list())[0].state).toBe('complete');
  });
});

describe('SessionStore library', () => {
  it('lists newest first and renames', async () => {
    const h = harness();
    const store = await h.open();
    const older = await store.beginSession({ name: 'older', mimeType: MIME, model: MODEL });
    h.tick(1000);
    const newer = await store.beginSession({ name: 'newer', mimeType: MIME, model: MODEL });
    expect((await store.list()).map((s) => s.id)).toEqual([newer, older]);
    expect(await store.rename(older, '  Renamed  ')).toMatchObject({ id: older, name: 'Renamed' });
    expect((await store.list()).map((s) => s.name)).toEqual(['newer', 'Renamed']);
    await expect(store.rename(older, ' ')).rejects.toMatchObject({ code: 'invalid-options' });
    await expect(store.rename('missing', 'x')).rejects.toMatchObject({ code: 'session-missing' });
  });

  it('delete removes every record of that session and leaves another intact', async () => {
    const h = harness();
    const store = await h.open();
    const keep = await record(store, 'keep', 2);
    await store.finishSession(keep.id);
    const drop = await record(store, 'drop', 3);
    await store.finishSession(drop.id);
    const track = { annotator: 'Ann', kind: 'expression' as const, segments: [{ startMs: 0, endMs: 500, label: 4 }] };
    await store.saveAnnotationTrack(keep.id, track);
    await store.saveAnnotationTrack(drop.id, track);

    await store.delete(drop.id);
    const raw = await rawRecords(h.factory);
    for (const name of ALL_STORES) {
      const ids = raw[name].map((r) => (r as { sessionId?: string; id?: string }).sessionId ?? (r as { id: string }).id);
      expect(ids, name).not.toContain(drop.id);
      expect(ids, name).toContain(keep.id);
    }
    const loaded = await store.loadSession(keep.id);
    expect(await blobBytes(loaded.media)).toEqual(concat(keep.media));
    expect(loaded.session.annotations).toEqual([track]);
    await expect(store.loadSession(drop.id)).rejects.toMatchObject({ code: 'session-missing' });
    await expect(store.delete(drop.id)).rejects.toMatchObject({ code: 'session-missing' });
  });

  it('saves, replaces and deletes annotation tracks', async () => {
    const store = await harness().open();
    const { session, mediaBytes } = makeTestSession();
    await store.importSession(session, mediaBytes);
    const va = { annotator: 'Bo', kind: 'va' as const, rateHz: 10, samples: [{ mediaTimeMs: 0, valence: 0.1, arousal: 0.2 }] };
    await store.saveAnnotationTrack(session.id, va);
    await store.saveAnnotationTrack(session.id, { ...va, samples: [{ mediaTimeMs: 100, valence: 0.3, arousal: 0.4 }] });
    let tracks = (await store.loadSession(session.id)).session.annotations;
    expect(tracks.filter((t) => t.annotator === 'Bo')).toEqual([{ ...va, samples: [{ mediaTimeMs: 100, valence: 0.3, arousal: 0.4 }] }]);
    await store.deleteAnnotationTrack(session.id, 'Bo', 'va');
    tracks = (await store.loadSession(session.id)).session.annotations;
    expect(tracks).toHaveLength(session.annotations.length);
    await expect(store.saveAnnotationTrack(session.id, { ...va, rateHz: 0 })).rejects.toMatchObject({ code: 'invalid-options' });
  });

  it('reports the storage estimate when the browser gives one', async () => {
    const storage = { estimate: async () => ({ usage: 1234, quota: 10_000 }) } as unknown as StorageManager;
    expect(await (await harness({ storage }).open()).estimate()).toEqual({ usedBytes: 1234, quotaBytes: 10_000 });
    expect(await (await harness().open()).estimate()).toBeNull();
  });
});

describe('SessionStore.importSession', () => {
  it('round-trips the core test session', async () => {
    const store = await harness().open();
    const { session, mediaBytes } = makeTestSession();
    const summary = await store.importSession(session, mediaBytes);
    expect(summary).toMatchObject({ id: session.id, state: 'complete', frameCount: session.frames.length, byteLength: mediaBytes.length });
    const loaded = await store.loadSession(session.id);
    expect(await blobBytes(loaded.media)).toEqual(mediaBytes);
    // tracks come back in key order: by annotator, then kind
    const annotations = [...session.annotations].sort((x, y) => (x.annotator + '\0' + x.kind < y.annotator + '\0' + y.kind ? -1 : 1));
    expect(annotations.map((t) => t.kind)).toEqual(['expression', 'va', 'au']);
    expect(loaded.session).toEqual({ ...session, annotations, media: { mimeType: session.media.mimeType, byteLength: mediaBytes.length } });
  });

  it('keeps an analysed file\'s source description', async () => {
    const store = await harness().open();
    const { session, mediaBytes } = makeTestSession();
    const source = { kind: 'file', fileName: 'clip.mp4', frameCount: 40, frameRateHz: 25, firstFrameTimeMs: 0 } as const;
    await store.importSession({ ...session, source }, mediaBytes);
    expect((await store.loadSession(session.id)).session.source).toEqual(source);
  });

  it('is all or nothing: a quota error on the second write stores nothing', async () => {
    const h = harness();
    const store = await h.open();
    const original = FakeObjectStore.prototype.add;
    let calls = 0;
    vi.spyOn(FakeObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
      if (++calls === 2) throw new DOMException('quota exceeded', 'QuotaExceededError');
      return original.apply(this, args);
    });
    const { session, mediaBytes } = makeTestSession();
    const failure = await store.importSession(session, mediaBytes).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StorageFullError);
    expect(failure).toMatchObject({ code: 'storage-full', savedDurationMs: null });
    expect(calls).toBe(2);
    const raw = await rawRecords(h.factory);
    for (const name of ALL_STORES) expect(raw[name], name).toEqual([]);
  });

  it('is all or nothing when a later write fails asynchronously (key conflict), and touches nothing stored', async () => {
    const h = harness();
    const store = await h.open();
    const { session, mediaBytes } = makeTestSession();
    // a stray frame chunk under the same key makes the transaction's third add fail after two writes went through
    const db = await new Promise<IDBDatabase>((resolve) => {
      const r = h.factory.open(DEFAULT_DB_NAME);
      r.onsuccess = () => resolve(r.result);
    });
    await new Promise((resolve) => {
      const tx = db.transaction(['frameChunks'], 'readwrite');
      tx.objectStore('frameChunks').put({ sessionId: session.id, index: 0, frames: [] });
      tx.oncomplete = resolve;
    });
    db.close();
    await expect(store.importSession(session, mediaBytes)).rejects.toMatchObject({ code: 'storage-unavailable' });
    const raw = await rawRecords(h.factory);
    expect(raw.sessions).toEqual([]);
    expect(raw.mediaChunks).toEqual([]);
    expect(raw.frameChunks).toEqual([{ sessionId: session.id, index: 0, frames: [] }]);
  });

  it('refuses an id already stored, a wrong media size and an invalid record without touching the library', async () => {
    const store = await harness().open();
    const { session, mediaBytes } = makeTestSession();
    await store.importSession(session, mediaBytes);
    await expect(store.importSession({ ...session, name: 'again' }, mediaBytes)).rejects.toMatchObject({ code: 'session-exists' });
    await expect(store.importSession({ ...session, id: 'other' }, mediaBytes.subarray(1))).rejects.toMatchObject({ code: 'import-invalid' });
    await expect(store.importSession({ ...session, id: 'bad id!' }, mediaBytes)).rejects.toMatchObject({ code: 'import-invalid' });
    expect((await store.list()).map((s) => s.name)).toEqual([session.name]);
  });
});

describe('SessionStore errors', () => {
  it('maps a full disk while recording to storage-full with the saved duration, keeping what was saved', async () => {
    const store = await harness().open();
    const { id, media } = await record(store, 'long', 2);
    const original = FakeObjectStore.prototype.add;
    vi.spyOn(FakeObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
      if (this.name === 'mediaChunks') throw new DOMException('quota exceeded', 'QuotaExceededError');
      return original.apply(this, args);
    });
    const failure = await store.appendMediaChunk(id, mediaChunk(2), 3000).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StorageFullError);
    expect(failure).toMatchObject({ code: 'storage-full', savedDurationMs: 2000 });
    expect((failure as Error).message).toBe(
      'The disk is full: recording stopped; everything up to 0:02 is saved. Free some space (delete old sessions) to record again.',
    );
    vi.restoreAllMocks();
    const summary = await store.finishSession(id);
    expect(summary).toMatchObject({ durationMs: 2000, byteLength: 256 + 257, frameCount: 20 });
    expect(await blobBytes((await store.loadSession(id)).media)).toEqual(concat(media));
  });

  it('maps a transaction that aborts with QuotaExceededError (at commit) to storage-full, rolling back the metadata', async () => {
    const store = await harness().open();
    const { id } = await record(store, 'long', 1);
    const original = FakeObjectStore.prototype.add;
    const quota = new DOMException('quota exceeded', 'QuotaExceededError');
    vi.spyOn(FakeObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, value: unknown) {
      // The write is accepted, then the transaction aborts later with the quota error, as Chrome does at commit;
      // the conflicting key is only the means to make fake-indexeddb abort asynchronously.
      Object.defineProperty(this.transaction, 'error', { get: () => quota, set: () => undefined, configurable: true });
      return original.call(this, { ...(value as object), index: 0 });
    });
    await expect(store.appendFrames(id, framesBetween(1000, 2000))).rejects.toMatchObject({ code: 'storage-full', savedDurationMs: 1000 });
    vi.restoreAllMocks();
    expect((await store.list())[0]).toMatchObject({ frameCount: 10, durationMs: 1000 });
    await store.appendFrames(id, framesBetween(1000, 2000));
    expect((await store.list())[0]).toMatchObject({ frameCount: 20 });
  });

  it('maps a missing or refusing IndexedDB to storage-unavailable', async () => {
    const refusing = { open: () => { throw new DOMException('The operation is insecure.', 'SecurityError'); } } as unknown as IDBFactory;
    await expect(SessionStore.open({ factory: refusing, keyRange: IDBKeyRange })).rejects.toMatchObject({ code: 'storage-unavailable' });
    if (!('indexedDB' in globalThis)) await expect(SessionStore.open()).rejects.toMatchObject({ code: 'storage-unavailable' });
    const store = await harness().open();
    store.close();
    await expect(store.list()).rejects.toMatchObject({ code: 'storage-unavailable' });
  });

  it('formats media times as m:ss', () => {
    expect([0, 999, 83_999, 600_000, 3_723_000].map(formatMediaTime)).toEqual(['0:00', '0:00', '1:23', '10:00', '1:02:03']);
  });
});

/** Enough of the Web Locks API for RecordingLocks: exclusive locks that are granted at once when free. */
class FakeLocks {
  private readonly held = new Set<string>();
  async request(name: string, _options: LockOptions, callback: () => Promise<void>): Promise<void> {
    if (this.held.has(name)) throw new Error(`fake lock ${name} is taken`);
    this.held.add(name);
    try {
      await callback();
    } finally {
      this.held.delete(name);
    }
  }
  async query(): Promise<LockManagerSnapshot> {
    return { held: [...this.held].map((name) => ({ name, mode: 'exclusive' as const, clientId: 'tab' })), pending: [] };
  }
  heldNames(): string[] {
    return [...this.held];
  }
}
