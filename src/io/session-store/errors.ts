/** IndexedDB failures → AffectscopeError with a message for the person using the app. */
import { AffectscopeError, isAffectscopeError } from '../../core/errors';
import { formatBytes } from '../../core/session';

const FREE_SPACE = 'Free some space (delete old sessions)';

/** The disk (or the browser's quota for this site) is full; `savedDurationMs` is what a recording kept, null when no recording was running. */
export class StorageFullError extends AffectscopeError {
  readonly savedDurationMs: number | null;
  constructor(message: string, savedDurationMs: number | null, cause: unknown) {
    super('storage-full', message, { cause });
    this.name = 'StorageFullError';
    this.savedDurationMs = savedDurationMs;
  }
}

/** Media time as m:ss (h:mm:ss from one hour), rounded down to the second: 83_999 → "1:23". */
export function formatMediaTime(ms: number): string {
  const totalS = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = String(totalS % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

function errorName(error: unknown): string {
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? name : '';
}

/** True for a quota failure however it arrived: thrown by put(), or as the error of an aborted transaction. */
export function isQuotaError(error: unknown): boolean {
  return errorName(error) === 'QuotaExceededError';
}

/** What was being written when the error came; decides the message. `import`: a session streamed in from a zip, by its name. */
export type StorageAction =
  | { kind: 'recording'; savedDurationMs: number }
  | { kind: 'import'; sessionName: string }
  | { kind: 'write'; what: string }
  | { kind: 'read' };

/** What a failed write of `action` was, for "… was not saved". */
function writeWhat(action: Exclude<StorageAction, { kind: 'recording' }>): string {
  if (action.kind === 'import') return `the import of “${action.sessionName}”`;
  return action.kind === 'write' ? action.what : 'the change';
}

/** Maps any failure of a store call to an AffectscopeError; one that already is one passes through unchanged. */
export function storageErrorFrom(error: unknown, action: StorageAction): AffectscopeError {
  if (isAffectscopeError(error)) return error as AffectscopeError;
  if (isQuotaError(error)) {
    if (action.kind === 'recording') {
      return new StorageFullError(
        `The disk is full: recording stopped; everything up to ${formatMediaTime(action.savedDurationMs)} is saved. ${FREE_SPACE} to record again.`,
        action.savedDurationMs,
        error,
      );
    }
    return new StorageFullError(`The disk is full: ${writeWhat(action)} was not saved and nothing already stored changed. ${FREE_SPACE} and try again.`, null, error);
  }
  return storageUnavailable(error);
}

/**
 * Refuses, before anything is written, an import that needs `neededBytes` where only quota − usage is free (`null`
 * when the browser does not say: then the import is tried and a full disk fails it as it goes).
 */
export function checkImportFits(sessionName: string, neededBytes: number, estimate: { usedBytes: number; quotaBytes: number } | null): void {
  if (estimate === null || !(estimate.quotaBytes > 0)) return;
  const freeBytes = Math.max(0, estimate.quotaBytes - estimate.usedBytes);
  if (neededBytes <= freeBytes) return;
  throw new StorageFullError(
    `The disk is full: the import of “${sessionName}” needs ${formatBytes(neededBytes)} (its media and frames) but only ${formatBytes(freeBytes)} of the ` +
      `${formatBytes(estimate.quotaBytes)} this site may use is free; nothing was stored. ${FREE_SPACE} and try again.`,
    null,
    undefined,
  );
}

/** IndexedDB refused to open or to run a transaction (private mode, site data blocked, database closed by the browser…). */
export function storageUnavailable(error: unknown): AffectscopeError {
  const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  const detail = errorName(error) ? `${errorName(error)}: ${String(message)}` : String(error);
  return new AffectscopeError(
    'storage-unavailable',
    `The browser's storage cannot be used (${detail}): sessions cannot be saved or opened. Private browsing or blocked site data can cause this; allow site data for this page and reload.`,
    { cause: error },
  );
}

export function sessionMissing(id: string): AffectscopeError {
  return new AffectscopeError('session-missing', `Session "${id}" is not in the library (deleted, maybe in another tab).`);
}

export function sessionExists(id: string): AffectscopeError {
  return new AffectscopeError('session-exists', `A session with id "${id}" is already in the library: delete it first to import it again.`);
}

/** The session is in `state`, not 'recording'; `hint` ends the message. */
export function notRecording(id: string, state: string, hint = ''): AffectscopeError {
  return new AffectscopeError('invalid-options', `session "${id}" is not being recorded (it is ${state})${hint}`);
}
