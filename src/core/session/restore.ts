import { AffectscopeError } from '../errors';
import { JsonReader } from '../json-reader';
import { SESSION_FILE_TYPE, SESSION_FILE_VERSION, type SessionFile, type SessionFrameFiles, type SessionRecord } from './types';
import { validateSession, validateSessionRecord } from './validate';

/** Turns a parsed session file of version n into one of version n + 1 (pure; may reuse the input). */
export type SessionUpgrade = (file: Record<string, unknown>) => Record<string, unknown>;

/**
 * SESSION_UPGRADES[n] upgrades version n to n + 1. When the format changes, bump SESSION_FILE_VERSION,
 * add the step from the old version here, and keep a zip written by the old app as a test fixture.
 * 1 → 2: format 2 may move the frames out of manifest.json (frameFiles); a format-1 manifest is a
 * format-2 one whose frames are inline, so the step changes nothing but the version.
 * 2 → 3: format 3 added face tracks (FrameRecord.trackId and otherFaces, AnnotationTrack.face), all optional: a
 * format-2 file is a format-3 one of one person. An app that reads only format 2 now says to update it instead of
 * reading a file of several people as one person's.
 */
export const SESSION_UPGRADES: Readonly<Record<number, SessionUpgrade>> = { 1: (file) => file, 2: (file) => file };

/** Builds manifest.json's content; the session is validated first so the app never writes a file it cannot read. */
export function serializeSession(session: SessionRecord, appVersion: string): SessionFile {
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

/** A restored manifest: the session (frames empty when they are in frameFiles) and where its frames are. */
export interface RestoredSessionFile {
  session: SessionRecord;
  /** frames the session has: session.frames.length when inline */
  frameCount: number;
  /** absent: the frames are inline in session.frames */
  frameFiles?: SessionFrameFiles;
}

/** restoreSession that also reads frameCount and frameFiles (format 2); throws 'import-invalid' "expected …, got …". */
export function restoreSessionFile(json: unknown): RestoredSessionFile {
  const file = upgradeSessionFile(json);
  const session = validateSession(file);
  if (file.frameFiles === undefined) return { session, frameCount: session.frames.length };
  const r: JsonReader = new JsonReader('import-invalid', 'session file');
  const files = r.object(file.frameFiles, 'frameFiles');
  const frameFiles: SessionFrameFiles = {
    records: r.nonEmptyString(files.records, 'frameFiles.records'),
    landmarks: r.nonEmptyString(files.landmarks, 'frameFiles.landmarks'),
    landmarkValueCount: r.count(files.landmarkValueCount, 'frameFiles.landmarkValueCount'),
    landmarkDecimals: r.count(files.landmarkDecimals, 'frameFiles.landmarkDecimals'),
  };
  if (session.frames.length > 0) r.fail('session.frames', 'no inline frames when frameFiles is given', `${session.frames.length} frames`);
  return { session, frameCount: r.count(file.frameCount, 'frameCount'), frameFiles };
}
