import { IDBKeyRange, IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { concatBytes } from '../../core/bytes';
import { SessionStore, StorageFullError, formatMediaTime } from '.';
import { checkImportFits, storageErrorFrom } from './errors';
import { blobBytes, framesBetween, harness, mediaChunk, record } from './test-harness';

afterEach(() => {
  vi.restoreAllMocks();
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
    expect(await blobBytes((await store.loadSession(id)).media)).toEqual(concatBytes(media));
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

  it('words a full disk by what was being written: a recording says what it kept, an import that nothing changed', () => {
    const quota = new DOMException('quota exceeded', 'QuotaExceededError');
    expect(storageErrorFrom(quota, { kind: 'recording', savedDurationMs: 83_999 }).message).toBe(
      'The disk is full: recording stopped; everything up to 1:23 is saved. Free some space (delete old sessions) to record again.',
    );
    const imported = storageErrorFrom(quota, { kind: 'import', sessionName: 'Interview 3' });
    expect(imported).toBeInstanceOf(StorageFullError);
    expect(imported).toMatchObject({ code: 'storage-full', savedDurationMs: null, cause: quota });
    expect(imported.message).toBe(
      'The disk is full: the import of “Interview 3” was not saved and nothing already stored changed. Free some space (delete old sessions) and try again.',
    );
  });

  it('refuses an import whose declared size exceeds quota − usage, naming both; lets it through when it fits or nothing is known', () => {
    const MiB = 1024 * 1024;
    const refusal = (() => {
      try {
        checkImportFits('Interview 3', 1100 * MiB, { usedBytes: 1700 * MiB, quotaBytes: 2048 * MiB });
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(StorageFullError);
    expect((refusal as Error).message).toBe(
      'The disk is full: the import of “Interview 3” needs 1.07 GiB (its media and frames) but only 348.0 MiB of the 2.00 GiB this site may use is free; nothing was stored. Free some space (delete old sessions) and try again.',
    );
    expect(() => checkImportFits('x', 348 * MiB, { usedBytes: 1700 * MiB, quotaBytes: 2048 * MiB })).not.toThrow();
    expect(() => checkImportFits('x', 1e12, null)).not.toThrow();
    expect(() => checkImportFits('x', 1e12, { usedBytes: 0, quotaBytes: 0 })).not.toThrow();
  });

  it('formats media times as m:ss', () => {
    expect([0, 999, 83_999, 600_000, 3_723_000].map(formatMediaTime)).toEqual(['0:00', '0:00', '1:23', '10:00', '1:02:03']);
  });
});
