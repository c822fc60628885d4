import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../core/bytes';
import { makeTestSession } from '../../core/session/test-session';
import { ALL_STORES, ANNOTATIONS, DEFAULT_DB_NAME } from './schema';
import { MIME, MODEL, blobBytes, harness, rawRecords, record } from './test-harness';

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
    expect(await blobBytes(loaded.media)).toEqual(concatBytes(keep.media));
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

  it("keeps one track per annotator, kind and face: a face's track neither replaces nor is deleted with the largest face's", async () => {
    const store = await harness().open();
    const { session, mediaBytes } = makeTestSession();
    await store.importSession(session, mediaBytes);
    const expression = (label: number, face?: number) => ({ annotator: 'Cy', kind: 'expression' as const, segments: [{ startMs: 0, endMs: 500, label }], ...(face === undefined ? {} : { face }) });
    await store.saveAnnotationTrack(session.id, expression(1));
    await store.saveAnnotationTrack(session.id, expression(2, 0));
    await store.saveAnnotationTrack(session.id, expression(3, 1));
    await store.saveAnnotationTrack(session.id, expression(4, 1));
    let cy = (await store.loadSession(session.id)).session.annotations.filter((t) => t.annotator === 'Cy');
    expect(cy).toEqual([expression(1), expression(2, 0), expression(4, 1)]);
    await store.deleteAnnotationTrack(session.id, 'Cy', 'expression', 1);
    await store.deleteAnnotationTrack(session.id, 'Cy', 'expression');
    cy = (await store.loadSession(session.id)).session.annotations.filter((t) => t.annotator === 'Cy');
    expect(cy).toEqual([expression(2, 0)]);
  });

  it("opens a version-1 library (annotations keyed without a face) and keeps its tracks as the largest face's", async () => {
    const h = harness();
    const { session, mediaBytes } = makeTestSession();
    const track = { annotator: 'Di', kind: 'va' as const, rateHz: 10, samples: [{ mediaTimeMs: 0, valence: 0.5, arousal: -0.5 }] };
    const first = await h.open();
    await first.importSession(session, mediaBytes);
    const imported = (await first.loadSession(session.id)).session;
    first.close();
    await downgradeToVersion1(h.factory, [{ sessionId: session.id, annotator: 'Di', kind: 'va', track }]);

    const store = await h.open();
    const loaded = (await store.loadSession(session.id)).session;
    expect(loaded.annotations).toEqual([...imported.annotations, track].sort((a, b) => (a.annotator < b.annotator ? -1 : 1)));
    await store.saveAnnotationTrack(session.id, { ...track, face: 2 });
    await store.deleteAnnotationTrack(session.id, 'Di', 'va');
    expect((await store.loadSession(session.id)).session.annotations.filter((t) => t.annotator === 'Di')).toEqual([{ ...track, face: 2 }]);
  });

  it('reports the storage estimate when the browser gives one', async () => {
    const storage = { estimate: async () => ({ usage: 1234, quota: 10_000 }) } as unknown as StorageManager;
    expect(await (await harness({ storage }).open()).estimate()).toEqual({ usedBytes: 1234, quotaBytes: 10_000 });
    expect(await (await harness().open()).estimate()).toBeNull();
  });
});

/**
 * Turns the library into what a version-1 app left: the annotations store keyed [sessionId, annotator, kind] holding
 * `records` (the other stores kept their layout). The database is deleted and made again at version 1 with the
 * sessions, media and frames copied over.
 */
async function downgradeToVersion1(factory: IDBFactory, records: Array<{ sessionId: string; annotator: string; kind: string; track: unknown }>): Promise<void> {
  const kept = await rawRecords(factory);
  await done(factory.deleteDatabase(DEFAULT_DB_NAME));
  const open = factory.open(DEFAULT_DB_NAME, 1);
  open.onupgradeneeded = () => {
    const db = open.result;
    for (const name of ALL_STORES.filter((n) => n !== ANNOTATIONS)) {
      const store = db.createObjectStore(name, { keyPath: name === 'sessions' ? 'id' : ['sessionId', 'index'] });
      for (const value of kept[name]) store.put(value);
    }
    const annotations = db.createObjectStore(ANNOTATIONS, { keyPath: ['sessionId', 'annotator', 'kind'] });
    for (const value of kept[ANNOTATIONS]) {
      const { face: _face, ...v1 } = value as Record<string, unknown>;
      annotations.put(v1);
    }
    for (const value of records) annotations.put(value);
  };
  (await done(open)).close();
}

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}
