/**
 * The service worker (built to /sw.js by tools/build/vite-plugin-precache.ts): the app works offline
 * after its first load.
 *
 * install  — downloads every file of the precache list (embedded at build) into a new cache named
 *            by the list's version, checking each file's sha256 against the build, every model weight
 *            file against its model manifest and face_landmarker.task against its .sha256. One
 *            mismatch fails the install: the new cache is dropped and the old version keeps serving.
 * activate — deletes the caches of other versions. A new version waits (no skipWaiting) until no
 *            page uses the old one, so a running page never loses the hashed chunks it was built with.
 * fetch    — precached URLs from this version's cache, network otherwise; a navigation that fails
 *            offline gets the cached app page.
 */
import {
  CACHE_PREFIX,
  PrecacheIntegrityError,
  expectDigest,
  isModelManifestUrl,
  modelWeightDigests,
  parseSha256File,
  precacheKey,
  sha256CompanionOf,
  sha256Hex,
  staleCacheNames,
  verifyDigest,
  type ExpectedDigests,
  type PrecacheEntry,
  type PrecacheManifest,
} from './precache';

declare const self: ServiceWorkerGlobalScope;
/** Replaced at build by the precache list (see tools/build/vite-plugin-precache.ts). */
declare const __AFFECTSCOPE_PRECACHE__: PrecacheManifest;

const MANIFEST = __AFFECTSCOPE_PRECACHE__;
const CACHE_NAME = `${CACHE_PREFIX}${MANIFEST.version}`;
const PRECACHED = new Set(MANIFEST.entries.map((e) => e.url));
const APP_PAGE = '/index.html';
/** Parallel downloads during install: the big weight files are held in memory while they are hashed. */
const INSTALL_CONCURRENCY = 4;

self.addEventListener('install', (event) => {
  event.waitUntil(
    install().catch(async (error: unknown) => {
      await caches.delete(CACHE_NAME);
      console.warn(`affectscope: offline cache ${MANIFEST.version} not installed (the previous one, if any, stays):`, error);
      throw error;
    }),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const stale = staleCacheNames(await caches.keys(), MANIFEST.version);
      await Promise.all(stale.map((name) => caches.delete(name)));
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const isNavigation = request.mode === 'navigate';
  const key = precacheKey(url, PRECACHED, isNavigation);
  if (key) event.respondWith(cacheFirst(key, request));
  else if (isNavigation) event.respondWith(fetch(request).catch(() => cachedOrThrow(APP_PAGE)));
});

async function cacheFirst(key: string, request: Request): Promise<Response> {
  const hit = await (await caches.open(CACHE_NAME)).match(key);
  return hit ?? fetch(request);
}

async function cachedOrThrow(key: string): Promise<Response> {
  const hit = await (await caches.open(CACHE_NAME)).match(key);
  if (!hit) throw new TypeError(`offline and ${key} is not cached`);
  return hit;
}

async function install(): Promise<void> {
  const cache = await caches.open(CACHE_NAME);
  const expected: ExpectedDigests = new Map();
  for (const entry of MANIFEST.entries) expectDigest(expected, entry.url, entry.sha256, 'precache-manifest.json');

  // First the files that state other files' digests; they are themselves checked against the build.
  const anchors = MANIFEST.entries.filter((e) => isModelManifestUrl(e.url) || e.url.endsWith('.sha256'));
  for (const entry of anchors) {
    const bytes = await store(cache, entry, expected);
    const text = new TextDecoder().decode(bytes);
    if (isModelManifestUrl(entry.url)) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (cause) {
        throw new PrecacheIntegrityError(`${entry.url}: expected JSON`, { cause });
      }
      for (const [url, sha256] of modelWeightDigests(entry.url, json)) expectDigest(expected, url, sha256, entry.url);
    } else {
      const target = entry.url.slice(0, -'.sha256'.length);
      if (sha256CompanionOf(target, PRECACHED)) expectDigest(expected, target, parseSha256File(entry.url, text), entry.url);
    }
  }
  // A weight file named by a model manifest must be in the list, or the model could not run offline.
  for (const url of expected.keys()) {
    if (!PRECACHED.has(url)) throw new PrecacheIntegrityError(`${url} is named by a manifest but missing from the precache list`);
  }

  const rest = MANIFEST.entries.filter((e) => !anchors.includes(e));
  let next = 0;
  const worker = async () => {
    while (next < rest.length) await store(cache, rest[next++], expected);
  };
  await Promise.all(Array.from({ length: INSTALL_CONCURRENCY }, worker));
}

/** Puts one verified file into `cache` (reusing an older version's copy when its bytes still match) and returns its bytes. */
async function store(cache: Cache, entry: PrecacheEntry, expected: ExpectedDigests): Promise<ArrayBuffer> {
  const reused = await fromOlderCache(entry, expected);
  const response = reused ?? (await download(entry.url));
  const bytes = await response.arrayBuffer();
  if (!reused) verifyDigest(entry.url, await sha256Hex(bytes), expected);
  await cache.put(entry.url, new Response(bytes, { status: 200, statusText: 'OK', headers: response.headers }));
  return bytes;
}

async function download(url: string): Promise<Response> {
  // no-cache: revalidate with the server, so a stale HTTP-cache copy cannot slip into a new version.
  const response = await fetch(url, { cache: 'no-cache', credentials: 'same-origin' });
  if (!response.ok || response.redirected) throw new Error(`${url}: HTTP ${response.status}${response.redirected ? ' (redirected)' : ''}`);
  return response;
}

/** A copy from an older version's cache whose sha256 matches everything now expected, or null. */
async function fromOlderCache(entry: PrecacheEntry, expected: ExpectedDigests): Promise<Response | null> {
  for (const name of staleCacheNames(await caches.keys(), MANIFEST.version)) {
    const hit = await (await caches.open(name)).match(entry.url);
    if (!hit) continue;
    const bytes = await hit.arrayBuffer();
    try {
      verifyDigest(entry.url, await sha256Hex(bytes), expected);
    } catch {
      continue; // changed since that version: download it
    }
    return new Response(bytes, { headers: hit.headers });
  }
  return null;
}
