import { AffectscopeError } from '../errors';
import { JsonReader } from '../json-reader';
import { SESSION_FILE_TYPE, SESSION_FILE_VERSION, type SessionFileV1, type SessionRecord } from './types';
import { validateSession, validateSessionRecord } from './validate';

/** Turns a parsed session file of version n into one of version n + 1 (pure; may reuse the input). */
export type SessionUpgrade = (file: Record<string, unknown>) => Record<string, unknown>;

/**
 * SESSION_UPGRADES[n] upgrades version n to n + 1. Empty while 1 is the only version; when the
 * format changes, bump SESSION_FILE_VERSION, add the step from the old version here, and keep a
 * zip written by the old app as a test fixture.
 */
export const SESSION_UPGRADES: Readonly<Record<number, SessionUpgrade>> = {};

/** Builds manifest.json's content; the session is validated first so the app never writes a file it cannot read. */
export function serializeSession(session: SessionRecord, appVersion: string): SessionFileV1 {
  if (typeof appVersion !== 'string' || appVersion.length === 0) {
    throw new AffectscopeError('invalid-options', `appVersion: expected a non-empty string, got ${JSON.stringify(appVersion)}`);
  }
  return {
    type: SESSION_FILE_TYPE,
    version: SESSION_FILE_VERSION,
    source: `affectscope ${appVersion}`,
    session: validateSessionRecord(session, 'invalid-options', 'session to export'),
  };
}

/**
 * Brings a parsed session file of any version this app knows up to SESSION_FILE_VERSION via `upgrades`.
 * Throws 'import-version' for a newer version (with the source that wrote it) or one with no upgrade path.
 */
export function upgradeSessionFile(
  json: unknown,
  upgrades: Readonly<Record<number, SessionUpgrade>> = SESSION_UPGRADES,
  currentVersion: number = SESSION_FILE_VERSION,
): Record<string, unknown> {
  const r: JsonReader = new JsonReader('import-invalid', 'session file');
  let file = r.object(json, 'manifest');
  if (file.type !== SESSION_FILE_TYPE) r.fail('type', `'${SESSION_FILE_TYPE}'`, file.type);
  const version = file.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) r.fail('version', 'an integer ≥ 1', version);
  if (version > currentVersion) {
    const source = typeof file.source === 'string' ? ` by ${file.source}` : '';
    throw new AffectscopeError(
      'import-version',
      `this session was saved${source} in format version ${version}; this app reads versions 1 to ${currentVersion}: update affectscope to open it`,
    );
  }
  for (let v = version; v < currentVersion; v++) {
    const upgrade = upgrades[v];
    if (!upgrade) throw new AffectscopeError('import-version', `session format version ${v} is no longer supported (no upgrade to version ${v + 1})`);
    file = { ...upgrade(file), version: v + 1 };
  }
  return file;
}

/** Parsed manifest.json of any supported version → a validated, current SessionRecord (excalidraw's `restore`). */
export function restoreSession(json: unknown): SessionRecord {
  return validateSession(upgradeSessionFile(json));
}
