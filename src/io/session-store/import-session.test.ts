import { IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeTestSession } from '../../core/session/test-session';
import { StorageFullError } from '.';
import { ALL_STORES, DEFAULT_DB_NAME } from './schema';
import { blobBytes, harness, rawRecords } from './test-harness';

afterEach(() => {
  vi.restoreAllMocks();
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
