import { strFromU8, unzipSync, type UnzipFileInfo } from 'fflate';
import { AffectscopeError } from '../errors';
import { mediaFileName } from './file-names';
import { restoreSession } from './restore';
import { sha256Hex } from './sha256';
import type { SessionRecord } from './types';
import { MANIFEST_FILE } from './zip-export';

/** What an imported zip may hold; anything beyond is refused before a byte is inflated. */
export interface SessionImportLimits {
  /** size of the zip itself and sum of its files' declared uncompressed sizes, bytes */
  maxTotalBytes: number;
  /** declared uncompressed size of any one file, bytes */
  maxEntryBytes: number;
  /** number of files in the zip */
  maxEntries: number;
  /**
   * sum of declared uncompressed sizes ÷ zip size. Checked over the whole archive, not per file: a file
   * of frames without values (-1 rows) legitimately deflates ~1000:1, while our zips are dominated by
   * already-compressed media (≈1:1); overlapping-entry bombs reach millions:1 on the whole.
   */
  maxCompressionRatio: number;
}

const MiB = 1024 * 1024;
export const DEFAULT_SESSION_IMPORT_LIMITS: Readonly<SessionImportLimits> = {
  maxTotalBytes: 1536 * MiB,
  maxEntryBytes: 1024 * MiB,
  maxEntries: 1000,
  maxCompressionRatio: 100,
};

/** Complete copy of the limits, defaults filled in; throws 'invalid-options' "expected …, got …". */
export function validateSessionImportLimits(limits: Partial<SessionImportLimits> = {}): SessionImportLimits {
  const result = { ...DEFAULT_SESSION_IMPORT_LIMITS, ...limits };
  for (const key of Object.keys(DEFAULT_SESSION_IMPORT_LIMITS) as (keyof SessionImportLimits)[]) {
    const value = result[key];
    if (typeof value !== 'number' || !(value > 0)) throw new AffectscopeError('invalid-options', `${key}: expected a number > 0, got ${value}`);
  }
  return result;
}

export interface ImportedSession {
  session: SessionRecord;
  mediaBytes: Uint8Array;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < MiB) return `${(n / 1024).toFixed(1)} KiB`;
  return n < 1024 * MiB ? `${(n / MiB).toFixed(1)} MiB` : `${(n / 1024 / MiB).toFixed(2)} GiB`;
}

const invalid = (message: string, cause?: unknown) => new AffectscopeError('import-invalid', message, { cause });
const tooLarge = (message: string) => new AffectscopeError('import-too-large', message);

/** The central directory, read without inflating anything (fflate calls the filter per entry before inflating it). */
function listEntries(bytes: Uint8Array): UnzipFileInfo[] {
  const entries: UnzipFileInfo[] = [];
  try {
    unzipSync(bytes, { filter: (info) => (entries.push(info), false) });
  } catch (error) {
    throw invalid(`this is not a zip file or it is truncated (${(error as Error).message})`, error);
  }
  return entries;
}

function checkEntries(entries: UnzipFileInfo[], zipBytes: number, limits: SessionImportLimits): void {
  if (entries.length > limits.maxEntries) throw tooLarge(`the zip holds ${entries.length} files; a session has at most ${limits.maxEntries}`);
  const names = new Set<string>();
  let totalBytes = 0;
  for (const entry of entries) {
    if (names.has(entry.name)) throw invalid(`the zip holds "${entry.name}" twice`);
    names.add(entry.name);
    if (entry.compression !== 0 && entry.compression !== 8) {
      throw invalid(`"${entry.name}" uses compression method ${entry.compression}; only stored (0) and deflate (8) can be read`);
    }
    if (entry.size > zipBytes || (entry.compression === 0 && entry.size !== entry.originalSize)) {
      throw invalid(`this is not a zip file or it is truncated ("${entry.name}" has impossible sizes)`);
    }
    if (entry.originalSize > limits.maxEntryBytes) {
      throw tooLarge(`"${entry.name}" would unpack to ${formatBytes(entry.originalSize)}; at most ${formatBytes(limits.maxEntryBytes)} per file`);
    }
    totalBytes += entry.originalSize;
  }
  if (totalBytes > limits.maxTotalBytes) {
    throw tooLarge(`the zip would unpack to ${formatBytes(totalBytes)}; at most ${formatBytes(limits.maxTotalBytes)} can be imported`);
  }
  const ratio = totalBytes / Math.max(zipBytes, 1);
  if (ratio > limits.maxCompressionRatio) {
    throw tooLarge(
      `the zip would unpack to ${formatBytes(totalBytes)} from ${formatBytes(zipBytes)} (${Math.round(ratio)}:1, at most ${limits.maxCompressionRatio}:1): it looks like a zip bomb`,
    );
  }
}

/**
 * Inflates one entry. fflate inflates into a buffer of exactly the declared size, which checkEntries
 * has bounded, so a header that understates the size cannot make it allocate more: the excess is cut
 * off (and then fails the SHA-256 or JSON checks); output short of the declared size is refused here.
 */
function extract(bytes: Uint8Array, entry: UnzipFileInfo): Uint8Array {
  let data: Uint8Array | undefined;
  try {
    data = unzipSync(bytes, { filter: (info) => info.name === entry.name })[entry.name];
  } catch (error) {
    throw invalid(`"${entry.name}" in the zip is corrupt (${(error as Error).message})`, error);
  }
  if (!data || data.length !== entry.originalSize) {
    throw invalid(`"${entry.name}" in the zip is corrupt: it unpacks to ${data?.length ?? 0} bytes, not the ${entry.originalSize} its header declares`);
  }
  return data;
}

/**
 * A session zip made by this app (this or an older format version) → the session and its media.
 * Refuses, with a distinct message each, anything else: not a zip or truncated, too many/too large
 * entries or a bomb-like ratio (checked on the central directory before inflating), no or invalid
 * manifest, a newer format, missing media, media whose size or SHA-256 differs from the manifest.
 * Pure: it stores nothing, so a refused import leaves everything as it was.
 */
export function importSessionZip(bytes: Uint8Array, limits: Partial<SessionImportLimits> = {}): ImportedSession {
  const checked = validateSessionImportLimits(limits);
  if (bytes.length > checked.maxTotalBytes) {
    throw tooLarge(`the file is ${formatBytes(bytes.length)}; at most ${formatBytes(checked.maxTotalBytes)} can be imported`);
  }
  const entries = listEntries(bytes);
  checkEntries(entries, bytes.length, checked);
  const byName = new Map(entries.map((e) => [e.name, e]));

  const manifestEntry = byName.get(MANIFEST_FILE);
  if (!manifestEntry) throw invalid(`the zip has no ${MANIFEST_FILE}, so it is not a session exported by affectscope`);
  let json: unknown;
  try {
    json = JSON.parse(strFromU8(extract(bytes, manifestEntry)));
  } catch (error) {
    if (error instanceof AffectscopeError) throw error;
    throw invalid(`${MANIFEST_FILE} is not valid JSON (${(error as Error).message})`, error);
  }
  const session = restoreSession(json);

  const mediaName = mediaFileName(session.media.mimeType);
  const mediaEntry = byName.get(mediaName);
  if (!mediaEntry) throw invalid(`the zip has no ${mediaName}: the session's recording is missing`);
  const mediaBytes = extract(bytes, mediaEntry);
  if (mediaBytes.length !== session.media.byteLength) {
    throw new AffectscopeError(
      'import-integrity',
      `${mediaName} is ${mediaBytes.length} bytes but the manifest says ${session.media.byteLength}: the recording is damaged or was replaced`,
    );
  }
  if (session.media.sha256 !== undefined && sha256Hex(mediaBytes) !== session.media.sha256) {
    throw new AffectscopeError('import-integrity', `${mediaName} does not match the SHA-256 in the manifest: the recording is damaged or was replaced`);
  }
  return { session, mediaBytes };
}
