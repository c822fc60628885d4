import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AssetError, ensureVerifiedFile, resolveModelSource, sha256OfFile, syncFiles, writeIfChanged } from './assets.mjs';

// Independent value: sha256("abc") from FIPS 180-2, appendix B.1.
const ABC_SHA256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const URL = 'https://example.invalid/model.task';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'affectscope-assets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sha256OfFile', () => {
  it('matches the FIPS 180-2 test vector', async () => {
    await writeFile(join(dir, 'abc'), 'abc');
    expect(await sha256OfFile(join(dir, 'abc'))).toBe(ABC_SHA256);
  });
});

describe('resolveModelSource', () => {
  it('prefers the mirror, even over an existing shared copy', async () => {
    await writeFile(join(dir, 'm.task'), 'abc');
    const source = await resolveModelSource({ fileName: 'm.task', url: URL, mirrorDir: '/mirror', sharedDir: dir });
    expect(source).toEqual({ kind: 'mirror', path: join('/mirror', 'm.task') });
  });

  it('uses the shared directory when it holds the file, else the URL', async () => {
    expect(await resolveModelSource({ fileName: 'm.task', url: URL, sharedDir: dir })).toEqual({ kind: 'url', url: URL });
    await writeFile(join(dir, 'm.task'), 'abc');
    expect(await resolveModelSource({ fileName: 'm.task', url: URL, sharedDir: dir })).toEqual({
      kind: 'shared',
      path: join(dir, 'm.task'),
    });
  });
});

describe('ensureVerifiedFile', () => {
  it('copies into a new directory, then keeps the verified file without reading the source', async () => {
    const dest = join(dir, 'out', 'm.task');
    await writeFile(join(dir, 'src'), 'abc');
    expect(await ensureVerifiedFile({ dest, sha256: ABC_SHA256, source: { kind: 'mirror', path: join(dir, 'src') }, url: URL })).toBe(
      'copied',
    );
    expect(await ensureVerifiedFile({ dest, sha256: ABC_SHA256, source: { kind: 'mirror', path: join(dir, 'nowhere') }, url: URL })).toBe(
      'present',
    );
  });

  it('replaces a present file whose hash is wrong', async () => {
    const dest = join(dir, 'm.task');
    await writeFile(dest, 'abd');
    await writeFile(join(dir, 'src'), 'abc');
    expect(await ensureVerifiedFile({ dest, sha256: ABC_SHA256, source: { kind: 'shared', path: join(dir, 'src') }, url: URL })).toBe(
      'copied',
    );
    expect(await readFile(dest, 'utf8')).toBe('abc');
  });

  it('rejects a corrupt mirror copy with a message naming the file, the hash and the three ways', async () => {
    const dest = join(dir, 'm.task');
    await writeFile(dest, 'stale');
    await writeFile(join(dir, 'src'), 'abd');
    const attempt = ensureVerifiedFile({ dest, sha256: ABC_SHA256, source: { kind: 'mirror', path: join(dir, 'src') }, url: URL });
    await expect(attempt).rejects.toBeInstanceOf(AssetError);
    const message = await attempt.catch((error: Error) => error.message);
    expect(message).toContain(dest);
    expect(message).toContain(`expected sha256: ${ABC_SHA256}`);
    expect(message).toContain('AFFECTSCOPE_MODEL_MIRROR');
    expect(message).toContain('../shared/models/m.task');
    expect(message).toContain(URL);
    // Neither the bad copy nor the stale file is left where the app would load it.
    await expect(stat(dest)).rejects.toThrow();
    await expect(stat(`${dest}.part`)).rejects.toThrow();
  });

  it('downloads from the URL and verifies what it got', async () => {
    const dest = join(dir, 'm.task');
    const good = (async () => new Response('abc')) as unknown as typeof fetch;
    expect(await ensureVerifiedFile({ dest, sha256: ABC_SHA256, source: { kind: 'url', url: URL }, fetchImpl: good })).toBe('downloaded');
    await rm(dest);
    const notFound = (async () => new Response('no', { status: 404 })) as unknown as typeof fetch;
    await expect(
      ensureVerifiedFile({ dest, sha256: ABC_SHA256, source: { kind: 'url', url: URL }, fetchImpl: notFound }),
    ).rejects.toThrow(/HTTP 404/);
    const wrong = (async () => new Response('abd')) as unknown as typeof fetch;
    await expect(ensureVerifiedFile({ dest, sha256: ABC_SHA256, source: { kind: 'url', url: URL }, fetchImpl: wrong })).rejects.toThrow(
      /sha256 of https:\/\/example\.invalid\/model\.task is /,
    );
  });
});

describe('syncFiles and writeIfChanged', () => {
  it('copies filtered files once and then reports them unchanged', async () => {
    const src = join(dir, 'src');
    const dest = join(dir, 'dest');
    await writeIfChanged(join(src, 'a.wasm'), 'a');
    await writeIfChanged(join(src, 'b.js'), 'b');
    expect(await syncFiles(src, dest, (name) => name.endsWith('.wasm'))).toEqual({ copied: 1, unchanged: 0 });
    expect(await syncFiles(src, dest, (name) => name.endsWith('.wasm'))).toEqual({ copied: 0, unchanged: 1 });
    await writeFile(join(src, 'a.wasm'), 'A'); // same size, new bytes
    expect(await syncFiles(src, dest, (name) => name.endsWith('.wasm'))).toEqual({ copied: 1, unchanged: 0 });
    expect(await readFile(join(dest, 'a.wasm'), 'utf8')).toBe('A');
    expect(await writeIfChanged(join(src, 'b.js'), 'b')).toBe(false);
  });

  it('names a missing package directory', async () => {
    await expect(syncFiles(join(dir, 'missing'), join(dir, 'dest'))).rejects.toThrow(/npm install/);
  });
});
