/** Importing a session zip chosen by the user into the library. */
import { errorMessage, isAffectscopeError } from '../../core/errors';
import { importSessionZip, validateSessionImportLimits, type SessionImportLimits } from '../../core/session';
import type { SessionStore, SessionSummary } from '../../io/session-store';

function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/**
 * Reads `file` (an exported session .zip), checks it (importSessionZip) and stores it (all or
 * nothing). Rejects with an Error whose message names the file and says what is wrong, for the
 * library to show as is; an AffectscopeError's message is kept and the original is its `cause`.
 * A file larger than limits.maxTotalBytes is refused before a byte of it is read.
 */
export async function importSessionFile(store: SessionStore, file: File, limits: Partial<SessionImportLimits> = {}): Promise<SessionSummary> {
  const what = `Could not import "${file.name}"`;
  const checked = validateSessionImportLimits(limits);
  if (file.size > checked.maxTotalBytes) {
    throw new Error(`${what}: the file is ${formatMiB(file.size)}; at most ${formatMiB(checked.maxTotalBytes)} can be imported`);
  }
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const { session, mediaBytes } = importSessionZip(bytes, checked);
    try {
      return await store.importSession(session, mediaBytes);
    } catch (error) {
      // The store names the session by its id; the user knows it by its name and date.
      if (isAffectscopeError(error) && error.code === 'session-exists') {
        throw new Error(`it is already in the library as “${session.name}” (recorded ${new Date(session.createdAtIso).toLocaleString()}): delete that one first to import it again`, { cause: error });
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
