import { IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bytesZipSource, exportSessionZip, formatBytes, importSessionZipStream } from '../../core/session';
import { LANDMARKS_FILE, PREDICTIONS_JSON_FILE } from '../../core/session/frame-rows';
import { readZipDirectory } from '../../core/session/zip-reader';
import { makeTestSession } from '../../core/session/test-session';
import { StorageFullError, type SessionStore } from '.';
import { harness, rawRecords } from './test-harness';

afterEach(() => {
  vi.restoreAllMocks();
});

const MiB = 1024 * 1024;

function testZip(): Uint8Array {
  const { session, mediaBytes, videoFrameTimesMs } = makeTestSession();
  return exportSessionZip(session, mediaBytes, { appVersion: '0.0.0-test', videoFrameTimesMs });
}

function importZip(store: SessionStore, zip: Uint8Array, mediaBytesPerWrite = Infinity) {
  return store.importStream((sink) =>
    importSessionZipStream(bytesZipSource(zip), {
      ...sink,
      // small writes, so the quota can strike after part of the media is stored
      media: async (bytes) => {
        for (let at = 0; at < bytes.length; at += mediaBytesPerWrite) await sink.media(bytes.subarray(at, at + mediaBytesPerWrite));
      },
    }),
  );
}

/** Unpacked bytes of the media and the frames' entries, as the zip's directory declares them. */
function declaredBytes(zip: Uint8Array): number {
  const sizes = new Map(readZipDirectory(zip).map((e) => [e.name, e.originalSize]));
  return ['media.webm', PREDICTIONS_JSON_FILE, LANDMARKS_FILE].reduce((sum, name) => sum + sizes.get(name)!, 0);
}

/** Every later add() to `storeName` throws QuotaExceededError, as Chrome's put() does when the site's quota is used up. */
function quotaAfter(storeName: string, acceptedAdds: number): void {
  const original = FakeObjectStore.prototype.add;
  let adds = 0;
  vi.spyOn(FakeObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
    if (this.name === storeName && ++adds > acceptedAdds) throw new DOMException('quota exceeded', 'QuotaExceededError');
    return original.apply(this, args);
  });
}

const IMPORT_FULL = 'The disk is full: the import of “Test session” was not saved and nothing already stored changed. Free some space (delete old sessions) and try again.';

describe('SessionStore.importStream on a full disk', () => {
  it('a quota error after part of the media was stored: the import\'s own message (not a recording\'s), and no partial session stays', async () => {
    const h = harness();
    const store = await h.open();
    quotaAfter('mediaChunks', 1);
    const failure = await importZip(store, testZip(), 1000).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StorageFullError);
    expect(failure).toMatchObject({ code: 'storage-full', savedDurationMs: null, message: IMPORT_FULL });
    vi.restoreAllMocks();
    expect(await store.list()).toEqual([]);
    expect(Object.values(await rawRecords(h.factory)).flat()).toEqual([]);
  });

  it('a quota error on the frames, after all the media: the same message, nothing left, and the import succeeds once there is room', async () => {
    const h = harness();
    const store = await h.open();
    quotaAfter('frameChunks', 0);
    await expect(importZip(store, testZip())).rejects.toMatchObject({ code: 'storage-full', message: IMPORT_FULL });
    vi.restoreAllMocks();
    expect(Object.values(await rawRecords(h.factory)).flat()).toEqual([]);
    await expect(importZip(store, testZip())).resolves.toMatchObject({ state: 'complete', frameCount: 30 });
  });

  it('refuses at once, naming the sizes, when the zip declares more than the free space; nothing is written', async () => {
    const zip = testZip();
    const quotaBytes = 100 * MiB;
    const estimate = vi.fn(async () => ({ usage: quotaBytes - 5000, quota: quotaBytes }));
    const h = harness({ storage: { estimate } as unknown as StorageManager });
    const store = await h.open();
    const add = vi.spyOn(FakeObjectStore.prototype, 'add');
    const failure = (await importZip(store, zip).catch((e: unknown) => e)) as StorageFullError;
    expect(failure).toBeInstanceOf(StorageFullError);
    expect(failure.message).toBe(
      `The disk is full: the import of “Test session” needs ${formatBytes(declaredBytes(zip))} (its media and frames) but only 4.9 KiB of the 100.0 MiB this site may use is free; nothing was stored. Free some space (delete old sessions) and try again.`,
    );
    expect(declaredBytes(zip)).toBeGreaterThan(4096 + 2 * 1000);
    expect(estimate).toHaveBeenCalledOnce();
    expect(add).not.toHaveBeenCalled();
    expect(await store.list()).toEqual([]);
  });

  it('imports when the declared sizes fit, and when the browser gives no estimate', async () => {
    const roomy = await harness({ storage: { estimate: async () => ({ usage: 0, quota: 100 * MiB }) } as unknown as StorageManager }).open();
    await expect(importZip(roomy, testZip())).resolves.toMatchObject({ state: 'complete' });
    const silent = await harness({ storage: { estimate: async () => Promise.reject(new Error('no estimate')) } as unknown as StorageManager }).open();
    await expect(importZip(silent, testZip())).resolves.toMatchObject({ state: 'complete' });
  });
});
