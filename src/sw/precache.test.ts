import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  PrecacheIntegrityError,
  buildPrecacheManifest,
  expectDigest,
  isModelManifestUrl,
  isPrecacheManifest,
  modelWeightDigests,
  parseSha256File,
  precacheKey,
  sha256Hex,
  staleCacheNames,
  verifyDigest,
  type ExpectedDigests,
  offlineModelIds,
  withoutOtherModels,
} from './precache';

const hex = (text: string) => createHash('sha256').update(text).digest('hex');
const entry = (url: string, body = url) => ({ url, sha256: hex(body), byteLength: body.length });

describe('buildPrecacheManifest', () => {
  it('sorts the list and names it by its content, independently of order', async () => {
    const a = await buildPrecacheManifest([entry('/index.html'), entry('/assets/a.js')]);
    const b = await buildPrecacheManifest([entry('/assets/a.js'), entry('/index.html')]);
    expect(a.entries.map((e) => e.url)).toEqual(['/assets/a.js', '/index.html']);
    expect(a.version).toBe(b.version);
    expect(a.version).toMatch(/^[0-9a-f]{16}$/);
    expect(isPrecacheManifest(a)).toBe(true);
  });

  it('changes the version when one file changes', async () => {
    const a = await buildPrecacheManifest([entry('/index.html'), entry('/models/m/weights.bin', 'v1')]);
    const b = await buildPrecacheManifest([entry('/index.html'), entry('/models/m/weights.bin', 'v2')]);
    expect(a.version).not.toBe(b.version);
  });

  it('rejects relative URLs, bad digests and duplicates', async () => {
    await expect(buildPrecacheManifest([entry('index.html')])).rejects.toThrow('expected a root-relative URL');
    await expect(buildPrecacheManifest([{ url: '/a', sha256: 'xyz', byteLength: 1 }])).rejects.toThrow('expected a hex sha256');
    await expect(buildPrecacheManifest([entry('/a'), entry('/a')])).rejects.toThrow('listed twice');
  });
});

describe('sha256Hex', () => {
  it('matches Node crypto', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('precacheKey', () => {
  const precached = new Set(['/index.html', '/vendor/mediapipe/wasm/vision_wasm_internal.js', '/models/index.json']);
  const key = (href: string, navigation = false) => precacheKey(new URL(href, 'http://localhost'), precached, navigation);

  it('serves the app page for / whatever its settings query, on navigations', () => {
    expect(key('/?backend=wasm', true)).toBe('/index.html');
    expect(key('/')).toBe('/index.html');
  });
  it('ignores the query under /vendor/ (MediaPipe loads its loader again as ?instance=1)', () => {
    expect(key('/vendor/mediapipe/wasm/vision_wasm_internal.js?instance=1')).toBe('/vendor/mediapipe/wasm/vision_wasm_internal.js');
  });
  it('treats a query elsewhere as another resource, and unknown paths as not precached', () => {
    expect(key('/models/index.json?fresh=1')).toBeNull();
    expect(key('/models/index.json')).toBe('/models/index.json');
    expect(key('/not-there.js')).toBeNull();
  });
});

describe('digests stated by the model files', () => {
  it('resolves weight paths relative to the model manifest', () => {
    const digests = modelWeightDigests('/models/m/manifest.json', { weights: [{ path: 'weights.bin', sha256: 'AB'.repeat(32) }] });
    expect([...digests]).toEqual([['/models/m/weights.bin', 'ab'.repeat(32)]]);
    expect(isModelManifestUrl('/models/m/manifest.json')).toBe(true);
    expect(isModelManifestUrl('/models/index.json')).toBe(false);
  });
  it('rejects a manifest without a weights list', () => {
    expect(() => modelWeightDigests('/models/m/manifest.json', {})).toThrow(PrecacheIntegrityError);
  });
  it('reads sha256sum lines', () => {
    expect(parseSha256File('/x.sha256', `${'0f'.repeat(32)}  face_landmarker.task\n`)).toBe('0f'.repeat(32));
    expect(() => parseSha256File('/x.sha256', 'not a digest')).toThrow('expected a sha256 digest');
  });
});

describe('verifyDigest', () => {
  const good = hex('weights');
  const expected: ExpectedDigests = new Map();
  expectDigest(expected, '/models/m/weights.bin', good, 'precache-manifest.json');
  expectDigest(expected, '/models/m/weights.bin', good, '/models/m/manifest.json');

  it('accepts bytes matching every stated digest', () => {
    expect(() => verifyDigest('/models/m/weights.bin', good, expected)).not.toThrow();
  });
  it('names the file and every source it disagrees with', () => {
    const bad = hex('tampered');
    expect(() => verifyDigest('/models/m/weights.bin', bad, expected)).toThrow(PrecacheIntegrityError);
    expect(() => verifyDigest('/models/m/weights.bin', bad, expected)).toThrow(/weights\.bin: sha256 .*precache-manifest\.json.*\/models\/m\/manifest\.json/);
  });
  it('fails when the build and the model manifest disagree, even if the bytes match the build', () => {
    const mixed: ExpectedDigests = new Map();
    expectDigest(mixed, '/w.bin', good, 'precache-manifest.json');
    expectDigest(mixed, '/w.bin', hex('other'), '/models/m/manifest.json');
    expect(() => verifyDigest('/w.bin', good, mixed)).toThrow('/models/m/manifest.json');
  });
});

describe('staleCacheNames', () => {
  it('lists other versions of the precache only', () => {
    expect(staleCacheNames(['affectscope-precache-old', 'affectscope-precache-new', 'sessions'], 'new')).toEqual(['affectscope-precache-old']);
  });
});

describe('offline models', () => {
  it('keeps the default model and the trained ones, drops other generated models', () => {
    const keep = offlineModelIds([
      { id: 'trained-a', trained: true },
      { id: 'lite-init', trained: false },
      { id: 'full-init', trained: false },
      { id: 'trained-b', trained: true },
    ]);
    expect([...keep].sort()).toEqual(['trained-a', 'trained-b']);
    const untrainedOnly = offlineModelIds([{ id: 'lite-init', trained: false }, { id: 'full-init', trained: false }]);
    expect([...untrainedOnly]).toEqual(['lite-init']);
    const files = [{ url: '/models/index.json' }, { url: '/models/lite-init/weights.bin' }, { url: '/models/full-init/weights.bin' }, { url: '/assets/a.js' }];
    expect(withoutOtherModels(files, untrainedOnly).map((f) => f.url)).toEqual(['/models/index.json', '/models/lite-init/weights.bin', '/assets/a.js']);
  });
});
