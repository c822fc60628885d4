import { IDBFactory, IDBKeyRange, IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { AffectscopeError } from '../../core/errors';
import { exportSessionZip } from '../../core/session';
import { makeTestSession } from '../../core/session/test-session';
import { SessionStore } from '../../io/session-store';
import { importSessionFile } from './import';

function openStore(): Promise<SessionStore> {
  return SessionStore.open({ factory: new IDBFactory(), keyRange: IDBKeyRange, storage: null, locks: null, now: () => Date.parse('2025-03-02T00:00:00Z') });
}

function testZip(): { zip: Uint8Array<ArrayBuffer>; mediaBytes: Uint8Array; id: string } {
  const { session, mediaBytes, videoFrameTimesMs } = makeTestSession();
  const zip = exportSessionZip(session, mediaBytes, { appVersion: '0.0.0-test', videoFrameTimesMs }) as Uint8Array<ArrayBuffer>;
  return { zip, mediaBytes, id: session.id };
}

const fileOf = (bytes: Uint8Array<ArrayBuffer>, name = 'session.zip') => new File([bytes], name, { type: 'application/zip' });

describe('importSessionFile', () => {
  it('stores an exported zip: same frames, annotations and media bytes', async () => {
    const store = await openStore();
    const { zip, mediaBytes, id } = testZip();
    const summary = await importSessionFile(store, fileOf(zip));
    expect(summary).toMatchObject({ id, state: 'complete', durationMs: 2000, frameCount: 30, byteLength: mediaBytes.length });
    const loaded = await store.loadSession(id);
    expect(new Uint8Array(await loaded.media.arrayBuffer())).toEqual(mediaBytes);
    expect(loaded.session.frames).toEqual(makeTestSession().session.frames);
    expect(loaded.session.annotations).toHaveLength(makeTestSession().session.annotations.length);
  });

  it('refuses a file over maxTotalBytes before reading it', async () => {
    const store = await openStore();
    const file = fileOf(testZip().zip);
    const read = vi.spyOn(file, 'arrayBuffer');
    const error = await importSessionFile(store, file, { maxTotalBytes: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^Could not import "session\.zip": the file is .* MiB; at most 0\.0 MiB can be imported$/);
    expect(read).not.toHaveBeenCalled();
    expect(await store.list()).toEqual([]);
  });

  it('a truncated zip: a message about the zip, the AffectscopeError as cause, nothing stored', async () => {
    const store = await openStore();
    const { zip } = testZip();
    const error = (await importSessionFile(store, fileOf(zip.slice(0, zip.length >> 1), 'half.zip')).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/^Could not import "half\.zip": this is not a zip file or it is truncated/);
    expect(error.cause).toBeInstanceOf(AffectscopeError);
    expect((error.cause as AffectscopeError).code).toBe('import-invalid');
    expect(await store.list()).toEqual([]);
  });

  it('a session already in the library is named by its name, not its id, and the library stays as it was', async () => {
    const store = await openStore();
    const { zip } = testZip();
    await importSessionFile(store, fileOf(zip));
    const before = await store.list();
    const error = (await importSessionFile(store, fileOf(zip)).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain(`is already in the library as “${before[0].name}”`);
    expect(error.message).toContain('delete that one first');
    expect(error.message).not.toContain(before[0].id);
    expect(((error.cause as Error).cause as AffectscopeError).code).toBe('session-exists');
    expect(await store.list()).toEqual(before);
  });

  it('a full disk mid-import: the import\'s message under the file\'s name, not a recording\'s, and the library stays empty', async () => {
    const store = await openStore();
    const original = FakeObjectStore.prototype.add;
    vi.spyOn(FakeObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
      if (this.name === 'frameChunks') throw new DOMException('quota exceeded', 'QuotaExceededError');
      return original.apply(this, args);
    });
    const error = (await importSessionFile(store, fileOf(testZip().zip, 'big.zip')).catch((e: unknown) => e)) as Error;
    vi.restoreAllMocks();
    expect(error.message).toBe(
      'Could not import "big.zip": The disk is full: the import of “Test session” was not saved and nothing already stored changed. Free some space (delete old sessions) and try again.',
    );
    expect((error.cause as AffectscopeError).code).toBe('storage-full');
    expect(await store.list()).toEqual([]);
  });

  it('rejects contradictory limits with the validator\'s message', async () => {
    const store = await openStore();
    await expect(importSessionFile(store, fileOf(testZip().zip), { maxTotalBytes: -1 })).rejects.toThrow('maxTotalBytes: expected a number > 0, got -1');
  });
});
