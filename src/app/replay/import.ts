/** Importing a session zip chosen by the user into the library. */
import { errorMessage, isAffectscopeError } from '../../core/errors';
import { importSessionZipStream, validateSessionImportLimits, type SessionImportLimits, type SessionRecord, type ZipSource } from '../../core/session';
import type { SessionStore, SessionSummary } from '../../io/session-store';
import { createImportHash } from './worker-hash';

function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** A File (or Blob) read by byte ranges: only the slice asked for is in memory. */
export function blobZipSource(blob: Blob): ZipSource {
  return { size: blob.size, read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()) };
}

/**
 * Reads `file` (an exported session .zip) a slice at a time, checks it and streams it into the store
 * (importSessionZipStream → SessionStore.importStream: media and frames written as they are unpacked,
 * the media's SHA-256 computed as it passes, in a worker; all of it deleted again if a check fails). Rejects with an
 * Error whose message names the file and says what is wrong, for the library to show as is; an
 * AffectscopeError's message is kept and the original is its `cause`. A file larger than
 * limits.maxTotalBytes is refused before a byte of it is read.
 */
export async function importSessionFile(store: SessionStore, file: File, limits: Partial<SessionImportLimits> = {}): Promise<SessionSummary> {
  const what = `Could not import "${file.name}"`;
  const checked = validateSessionImportLimits(limits);
  if (file.size > checked.maxTotalBytes) {
    throw new Error(`${what}: the file is ${formatMiB(file.size)}; at most ${formatMiB(checked.maxTotalBytes)} can be imported`);
  }
  let session: SessionRecord | null = null;
  try {
    try {
      return await store.importStream((sink) =>
        importSessionZipStream(blobZipSource(file), { ...sink, begin: (s, frameCount, declaredBytes) => ((session = s), sink.begin(s, frameCount, declaredBytes)) }, checked, undefined, createImportHash),
      );
    } catch (error) {
      // The store names the session by its id; the user knows it by its name and date.
      const known = session as SessionRecord | null;
      if (known && isAffectscopeError(error) && error.code === 'session-exists') {
        throw new Error(`it is already in the library as “${known.name}” (recorded ${new Date(known.createdAtIso).toLocaleString()}): delete that one first to import it again`, { cause: error });
      }
      throw error;
    }
  } catch (error) {
    throw new Error(`${what}: ${describe(error)}`, { cause: error });
  }
}

function describe(error: unknown): string {
  if (isAffectscopeError(error)) return error.message;
  if (error instanceof DOMException && error.name === 'NotReadableError') return 'the file could not be read (was it moved or deleted?)';
  return errorMessage(error);
}
