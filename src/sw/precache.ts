/**
 * The offline precache, as pure functions shared by the build (vite.config.ts, in Node) and the
 * service worker (src/sw/sw.ts): the list of files with their sha256, how a request URL maps to a
 * cached file, and which digests each downloaded file must match before it may enter the cache.
 * No DOM, no Cache API, no fetch: everything here is testable in Node.
 */
import { webSha256Hex } from '../core/web-sha256';

/** One file the service worker caches, as the build saw it. */
export interface PrecacheEntry {
  /** root-relative URL path, e.g. `/assets/main-abc.js`, `/models/x/weights.bin` */
  url: string;
  /** lower-case hex sha256 of the file's bytes at build time */
  sha256: string;
  byteLength: number;
}

/** `dist/precache-manifest.json`: every file of the built app, under a version that names the whole list. */
export interface PrecacheManifest {
  format: 'affectscope-precache';
  formatVersion: 1;
  /** sha256 (first 16 hex digits) of the sorted list: changes whenever any file changes, is added or removed */
  version: string;
  entries: PrecacheEntry[];
}

export const PRECACHE_MANIFEST_URL = '/precache-manifest.json';
export const SERVICE_WORKER_URL = '/sw.js';
/** Cache Storage names are `${CACHE_PREFIX}${version}`; anything else with the prefix is an old version. */
export const CACHE_PREFIX = 'affectscope-precache-';

/** Thrown when a downloaded file does not match a digest it must match; the install then fails as a whole. */
export class PrecacheIntegrityError extends Error {
  readonly code = 'precache-integrity';
}

/** Lower-case hex SHA-256 of a file's bytes (Web Crypto: service worker, browser, Node ≥ 20). */
export function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  return webSha256Hex(bytes, 'internal', 'the offline cache');
}

/** Sorts the entries and names the list by its own hash, so the same files always give the same version. */
export async function buildPrecacheManifest(entries: readonly PrecacheEntry[]): Promise<PrecacheManifest> {
  const seen = new Set<string>();
  for (const entry of entries) {
    if (!entry.url.startsWith('/')) throw new Error(`precache: expected a root-relative URL, got ${entry.url}`);
    if (!/^[0-9a-f]{64}$/.test(entry.sha256)) throw new Error(`precache: expected a hex sha256 for ${entry.url}, got ${entry.sha256}`);
    if (seen.has(entry.url)) throw new Error(`precache: ${entry.url} listed twice`);
    seen.add(entry.url);
  }
  const sorted = [...entries].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  const canonical = sorted.map((e) => `${e.url}\t${e.sha256}\t${e.byteLength}`).join('\n');
  const version = (await sha256Hex(new TextEncoder().encode(canonical))).slice(0, 16);
  return { format: 'affectscope-precache', formatVersion: 1, version, entries: sorted.map((e) => ({ ...e })) };
}

/** Type guard for a fetched precache manifest (the service worker trusts nothing it has not checked). */
export function isPrecacheManifest(value: unknown): value is PrecacheManifest {
  const m = value as PrecacheManifest;
  return (
    typeof m === 'object' && m !== null && m.format === 'affectscope-precache' && m.formatVersion === 1 &&
    typeof m.version === 'string' && Array.isArray(m.entries) &&
    m.entries.every((e) => typeof e?.url === 'string' && typeof e.sha256 === 'string' && typeof e.byteLength === 'number')
  );
}

/**
 * The cache key (a precached URL path) a request maps to, or null when it is not precached.
 * `/` is the app page. Under /vendor/ the query is ignored: MediaPipe import()s its wasm loader a
 * second time as `…/vision_wasm_internal.js?instance=1` (src/io/landmarker.ts). Elsewhere a query
 * means a different resource, except on navigations, whose query is the page's settings.
 */
export function precacheKey(url: URL, precached: ReadonlySet<string>, isNavigation = false): string | null {
  const path = url.pathname === '/' ? '/index.html' : url.pathname;
  if (!precached.has(path)) return null;
  if (url.search === '' || isNavigation || path.startsWith('/vendor/')) return path;
  return null;
}

/** A model manifest inside the precache: `/models/<id>/manifest.json`. */
export function isModelManifestUrl(url: string): boolean {
  return /^\/models\/[^/]+\/manifest\.json$/.test(url);
}

/** A file whose `.sha256` companion (sha256sum format) states the digest it must have. */
export function sha256CompanionOf(url: string, precached: ReadonlySet<string>): string | null {
  return precached.has(`${url}.sha256`) ? `${url}.sha256` : null;
}

/**
 * Digests stated by a model manifest (src/model/manifest.ts): `weights[].path` relative to the
 * manifest's folder → sha256. Throws when the manifest does not list its weights that way.
 */
export function modelWeightDigests(manifestUrl: string, manifestJson: unknown): Map<string, string> {
  const weights = (manifestJson as { weights?: unknown })?.weights;
  if (!Array.isArray(weights)) throw new PrecacheIntegrityError(`${manifestUrl}: expected a "weights" list`);
  const folder = manifestUrl.slice(0, manifestUrl.lastIndexOf('/') + 1);
  const digests = new Map<string, string>();
  for (const file of weights as { path?: unknown; sha256?: unknown }[]) {
    if (typeof file?.path !== 'string' || typeof file.sha256 !== 'string') {
      throw new PrecacheIntegrityError(`${manifestUrl}: expected weights[] entries with "path" and "sha256"`);
    }
    digests.set(new URL(file.path, `http://x${folder}`).pathname, file.sha256.toLowerCase());
  }
  return digests;
}

/** The digest in a sha256sum-format line (`<hex>  <name>`). */
export function parseSha256File(url: string, text: string): string {
  const digest = text.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  if (!/^[0-9a-f]{64}$/.test(digest)) throw new PrecacheIntegrityError(`${url}: expected a sha256 digest, got "${text.slice(0, 40)}"`);
  return digest;
}

/** Expected digests of one file, each with where it comes from (for the error message). */
export type ExpectedDigests = Map<string, { sha256: string; source: string }[]>;

/** Adds `sha256` from `source` to the digests that `url` must match. */
export function expectDigest(expected: ExpectedDigests, url: string, sha256: string, source: string): void {
  const list = expected.get(url) ?? [];
  list.push({ sha256, source });
  expected.set(url, list);
}

/** Throws PrecacheIntegrityError unless `actualSha256` equals every digest expected for `url`. */
export function verifyDigest(url: string, actualSha256: string, expected: ExpectedDigests): void {
  const mismatches = (expected.get(url) ?? []).filter((e) => e.sha256 !== actualSha256);
  if (mismatches.length > 0) {
    const what = mismatches.map((m) => `${m.sha256.slice(0, 12)}… (${m.source})`).join(', ');
    throw new PrecacheIntegrityError(`${url}: sha256 ${actualSha256.slice(0, 12)}…, expected ${what}`);
  }
}

/** Caches of other versions, to delete once this version is active. */
export function staleCacheNames(names: readonly string[], currentVersion: string): string[] {
  return names.filter((n) => n.startsWith(CACHE_PREFIX) && n !== `${CACHE_PREFIX}${currentVersion}`);
}

/**
 * Which model folders go offline: the default model (first in /models/index.json) and every trained
 * one. Other initialised test models (e.g. the 131 MiB full-size one `npm run bench` generates) would
 * make every first visit download them.
 */
export function offlineModelIds(index: unknown): Set<string> {
  if (!Array.isArray(index)) return new Set();
  const entries = index.filter((e): e is { id: string; trained?: boolean } => typeof e?.id === 'string');
  return new Set(entries.filter((e, i) => i === 0 || e.trained === true).map((e) => e.id));
}

/** Drops files of model folders that are not in `keepIds`; everything else stays. */
export function withoutOtherModels<T extends { url: string }>(entries: readonly T[], keepIds: ReadonlySet<string>): T[] {
  return entries.filter((e) => {
    const match = /^\/models\/([^/]+)\//.exec(e.url);
    return !match || keepIds.has(match[1]);
  });
}
