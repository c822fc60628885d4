import { strFromU8 } from 'fflate';
import { AffectscopeError } from '../errors';
import { JsonReader } from '../json-reader';
import { mediaFileName } from './file-names';
import { restoreSessionFile, type RestoredSessionFile } from './restore';
import { sha256Hex } from './sha256';
import type { SessionRecord } from './types';
import { MANIFEST_FILE } from './zip-export';
import { framesFromEntries } from './zip-import-frames';
import { entryBytes, inflateAtMost, readZipDirectory, type ZipEntry } from './zip-reader';

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
/**
 * Import streams (importSessionZipStream), so memory does not bound these; a zip without ZIP64 does:
 * every size and offset is below 4 GiB.
 */
export const DEFAULT_SESSION_IMPORT_LIMITS: Readonly<SessionImportLimits> = {
  maxTotalBytes: 4095 * MiB,
  maxEntryBytes: 4095 * MiB,
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

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < MiB) return `${(n / 1024).toFixed(1)} KiB`;
  return n < 1024 * MiB ? `${(n / MiB).toFixed(1)} MiB` : `${(n / 1024 / MiB).toFixed(2)} GiB`;
}

export const invalid = (message: string, cause?: unknown) => new AffectscopeError('import-invalid', message, { cause });
const tooLarge = (message: string) => new AffectscopeError('import-too-large', message);

/** The central directory, read without inflating anything. */
function listEntries(bytes: Uint8Array): ZipEntry[] {
  try {
    return readZipDirectory(bytes);
  } catch (error) {
    throw invalid(`this is not a zip file or it is truncated (${(error as Error).message})`, error);
  }
}

/** An absolute name, a drive letter, a backslash or a ".." segment: never in an export, and a path-traversal attempt when unpacked. */
function isUnsafeName(name: string): boolean {
  return name.startsWith('/') || name.includes('\\') || /^[A-Za-z]:/.test(name) || name.includes('\0') || name.split('/').includes('..');
}

export function checkEntries(entries: ZipEntry[], zipBytes: number, limits: SessionImportLimits): void {
  if (entries.length > limits.maxEntries) throw tooLarge(`the zip holds ${entries.length} files; a session has at most ${limits.maxEntries}`);
  const names = new Set<string>();
  let totalBytes = 0;
  for (const entry of entries) {
    if (isUnsafeName(entry.name)) {
      throw invalid(`the zip holds an entry named ${JSON.stringify(entry.name)}: an absolute path or one with "..", which no session export has`);
    }
    if (names.has(entry.name)) throw invalid(`the zip holds "${entry.name}" twice`);
    names.add(entry.name);
    if (entry.encrypted) throw invalid(`"${entry.name}" is encrypted; session exports never are`);
    if (entry.compression !== 0 && entry.compression !== 8) {
      throw invalid(`"${entry.name}" uses compression method ${entry.compression}; only stored (0) and deflate (8) can be read`);
    }
    if (entry.compressedSize > zipBytes || (entry.compression === 0 && entry.compressedSize !== entry.originalSize)) {
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
 * Unpacks one entry to exactly its declared size (bounded by checkEntries). Inflating stops as soon as
 * the output passes that size, so a header that understates it costs no more than the declared bytes;
 * such an entry, and one that unpacks to less, is refused.
 */
function extract(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  let data: Uint8Array;
  try {
    const stored = entryBytes(bytes, entry);
    if (entry.compression === 0) return stored.slice();
    const inflated = inflateAtMost(stored, entry.originalSize);
    if (inflated.tooLong) throw invalid(`"${entry.name}" in the zip is corrupt: it unpacks to more than the ${entry.originalSize} bytes its header declares`);
    data = inflated.bytes;
  } catch (error) {
    if (error instanceof AffectscopeError) throw error;
    throw invalid(`"${entry.name}" in the zip is corrupt (${(error as Error).message})`, error);
  }
  if (data.length !== entry.originalSize) {
    throw invalid(`"${entry.name}" in the zip is corrupt: it unpacks to ${data.length} bytes, not the ${entry.originalSize} its header declares`);
  }
  return data;
}

/** Longest session the app imports, ms (48 h): far beyond any recording, and it bounds what the times below may claim. */
const MAX_DURATION_MS = 48 * 3600 * 1000;
/** Fastest frame rate a session's media can hold, Hz: above any camera or file the app analyses (240 fps slow motion). */
const MAX_FRAME_RATE_HZ = 240;

/** Refuses a duration or frame counts that no media of the session's length can hold. */
function checkTimes(session: SessionRecord, frameCount: number): void {
  const r = new JsonReader('import-invalid', 'session file');
  if (session.durationMs > MAX_DURATION_MS) r.fail('session.durationMs', `at most ${MAX_DURATION_MS} ms (48 h)`, session.durationMs);
  const maxFrames = Math.floor((session.durationMs / 1000) * MAX_FRAME_RATE_HZ) + 1;
  const bound = `for ${session.durationMs} ms of media (${MAX_FRAME_RATE_HZ} per second + 1)`;
  if (frameCount > maxFrames) r.fail('session.frames', `at most ${maxFrames} frame records ${bound}`, frameCount);
  if (session.source && session.source.frameCount > maxFrames) {
    r.fail('session.source.frameCount', `at most ${maxFrames} video frames ${bound}`, session.source.frameCount);
  }
}

/** manifest.json's JSON, read with `read`; 'import-invalid' when it is missing or not JSON. */
export function parseManifest(byName: Map<string, ZipEntry>, read: (entry: ZipEntry) => Uint8Array): unknown {
  const manifestEntry = byName.get(MANIFEST_FILE);
  if (!manifestEntry) throw invalid(`the zip has no ${MANIFEST_FILE}, so it is not a session exported by affectscope`);
  try {
    return JSON.parse(strFromU8(read(manifestEntry)));
  } catch (error) {
    if (error instanceof AffectscopeError) throw error;
    throw invalid(`${MANIFEST_FILE} is not valid JSON (${(error as Error).message})`, error);
  }
}

/** The manifest restored to the current format and checked against the 48 h / 240 fps bounds. */
export function checkManifest(json: unknown): RestoredSessionFile {
  const file = restoreSessionFile(json);
  checkTimes(file.session, file.frameCount);
  return file;
}

export function requiredEntry(byName: Map<string, ZipEntry>, name: string): ZipEntry {
  const entry = byName.get(name);
  if (!entry) throw invalid(`the zip has no ${name}: the session's frames are missing`);
  return entry;
}

/** The media's entry, checked before a byte of it is read: present, of the manifest's size, with a SHA-256 to check it against. */
export function checkMedia(session: SessionRecord, byName: Map<string, ZipEntry>): ZipEntry {
  const mediaName = mediaFileName(session.media.mimeType);
  const mediaEntry = byName.get(mediaName);
  if (!mediaEntry) throw invalid(`the zip has no ${mediaName}: the session's recording is missing`);
  if (mediaEntry.originalSize !== session.media.byteLength) {
    throw new AffectscopeError(
      'import-integrity',
      `${mediaName} is ${mediaEntry.originalSize} bytes but the manifest says ${session.media.byteLength}: the recording is damaged or was replaced`,
    );
  }
  if (session.media.sha256 === undefined) {
    // Every export writes it; without it a replaced recording would pass unnoticed.
    throw new AffectscopeError(
      'import-integrity',
      `${MANIFEST_FILE} gives no SHA-256 for ${mediaName} (session.media.sha256), so the recording cannot be checked: it is refused`,
    );
  }
  return mediaEntry;
}

export function shaMismatch(mediaName: string): AffectscopeError {
  return new AffectscopeError('import-integrity', `${mediaName} does not match the SHA-256 in the manifest: the recording is damaged or was replaced`);
}

/**
 * A session zip made by this app (this or an older format version) → the session and its media.
 * Refuses, with a distinct message each, anything else: not a zip or truncated, too many/too large
 * entries or a bomb-like ratio (checked on the central directory before inflating), duplicate, absolute
 * or "../" entry names, an entry that unpacks to more or less than it declares, no or invalid manifest,
 * a newer format, a duration or frame count beyond 48 h / 240 fps, missing media, media whose size
 * differs from the manifest, or whose SHA-256 differs or is not given.
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

  const manifest = checkManifest(parseManifest(byName, (entry) => extract(bytes, entry)));
  const mediaEntry = checkMedia(manifest.session, byName);
  const mediaBytes = extract(bytes, mediaEntry);
  if (sha256Hex(mediaBytes) !== manifest.session.media.sha256) throw shaMismatch(mediaEntry.name);
  const session = manifest.session;
  if (manifest.frameFiles) {
    const files = manifest.frameFiles;
    const records = requiredEntry(byName, files.records);
    const landmarks = requiredEntry(byName, files.landmarks);
    session.frames = framesFromEntries(session, manifest.frameCount, files, extract(bytes, records), extract(bytes, landmarks));
  }
  return { session, mediaBytes };
}
