/**
 * The IndexedDB layout of the session library. Every chunk store is keyed [sessionId, …] so one
 * key range ([id] … [id, []]) selects everything of a session, in index order.
 */
import type { AnnotationKind, AnnotationTrack, FrameRecord, SessionModel, SessionRecord, SessionSource } from '../../core/session';

export const DEFAULT_DB_NAME = 'affectscope-sessions';
/** Bump with a new step in upgradeSchema when the layout changes. */
export const DB_VERSION = 2;

export const SESSIONS = 'sessions';
export const MEDIA_CHUNKS = 'mediaChunks';
export const FRAME_CHUNKS = 'frameChunks';
export const ANNOTATIONS = 'annotations';
export const ALL_STORES = [SESSIONS, MEDIA_CHUNKS, FRAME_CHUNKS, ANNOTATIONS];

/** 'recording': chunks are still being appended (or the tab died doing so); 'recovered': it did, and recoverInterrupted closed it. */
export type SessionState = 'recording' | 'complete' | 'recovered';

/** What the library shows for one session. */
export interface SessionSummary {
  id: string;
  name: string;
  /** when recording started (or the session was first recorded, for an import), ISO 8601 */
  createdAtIso: string;
  /** last write to this session, ISO 8601 */
  updatedAtIso: string;
  state: SessionState;
  /** length of the stored media, ms on the media clock */
  durationMs: number;
  /** size of the stored media, bytes */
  byteLength: number;
  mimeType: string;
  model: SessionModel;
  /** number of FrameRecords stored */
  frameCount: number;
}

/** `sessions` store, key `id`: the summary plus the counters the appends continue from. */
export interface SessionMetaRecord extends SessionSummary {
  mediaChunkCount: number;
  frameChunkCount: number;
  /** mediaTimeMs of the last stored frame (0 when none); appended frames may not go back in time */
  lastFrameTimeMs: number;
  /** an analysed video file's description (SessionRecord.source); absent for camera recordings */
  source?: SessionSource;
}

/** `mediaChunks` store, key [sessionId, index]: consecutive pieces of one media file. */
export interface MediaChunkRecord {
  sessionId: string;
  index: number;
  data: ArrayBuffer;
  byteLength: number;
  /** media time at the end of this chunk, ms */
  endMediaTimeMs: number;
}

/** `frameChunks` store, key [sessionId, index]: FrameRecords as they were appended (about 1 s each). */
export interface FrameChunkRecord {
  sessionId: string;
  index: number;
  frames: FrameRecord[];
}

/** `annotations` store, key [sessionId, annotator, kind, face]. */
export interface AnnotationRecord {
  sessionId: string;
  annotator: string;
  kind: AnnotationKind;
  /** the track's face (AnnotationTrack.face), LARGEST_FACE_KEY for a track without one: a key part cannot be absent */
  face: number;
  track: AnnotationTrack;
}

/** AnnotationRecord.face of a track of each frame's largest face (AnnotationTrack.face absent); track ids are ≥ 0. */
export const LARGEST_FACE_KEY = -1;
const ANNOTATION_KEY_PATH = ['sessionId', 'annotator', 'kind', 'face'];

/** The stored record of a session's annotation track. */
export function annotationRecordOf(sessionId: string, track: AnnotationTrack): AnnotationRecord {
  return { sessionId, annotator: track.annotator, kind: track.kind, face: track.face ?? LARGEST_FACE_KEY, track };
}

/** The key of a session's track of one annotator, kind and face (null: each frame's largest face). */
export function annotationKey(sessionId: string, annotator: string, kind: AnnotationKind, face: number | null): IDBValidKey {
  return [sessionId, annotator, kind, face ?? LARGEST_FACE_KEY];
}

export function summaryOf(meta: SessionMetaRecord): SessionSummary {
  const { id, name, createdAtIso, updatedAtIso, state, durationMs, byteLength, mimeType, model, frameCount } = meta;
  return { id, name, createdAtIso, updatedAtIso, state, durationMs, byteLength, mimeType, model: { ...model }, frameCount };
}

/** The metadata of `session` about to be written: state 'recording', nothing stored yet (media, frames and annotations are not read). */
export function newRecordingMeta(session: SessionRecord, nowIso: string): SessionMetaRecord {
  const meta: SessionMetaRecord = {
    id: session.id,
    name: session.name,
    createdAtIso: session.createdAtIso,
    updatedAtIso: nowIso,
    state: 'recording',
    durationMs: 0,
    byteLength: 0,
    mimeType: session.media.mimeType,
    model: session.model,
    frameCount: 0,
    mediaChunkCount: 0,
    frameChunkCount: 0,
    lastFrameTimeMs: 0,
  };
  if (session.source !== undefined) meta.source = session.source;
  return meta;
}

/**
 * Creates the stores on a fresh database, or brings an older one up to DB_VERSION (onupgradeneeded; `upgrade` is
 * its versionchange transaction). Version 2 added the face to the annotations' key (one track per annotator, kind
 * and face): version 1's tracks are read, the store is made again with the new key, and they are put back as
 * tracks of each frame's largest face, which is what they were.
 */
export function upgradeSchema(db: IDBDatabase, oldVersion: number, upgrade: IDBTransaction): void {
  if (oldVersion < 1) {
    db.createObjectStore(SESSIONS, { keyPath: 'id' });
    db.createObjectStore(MEDIA_CHUNKS, { keyPath: ['sessionId', 'index'] });
    db.createObjectStore(FRAME_CHUNKS, { keyPath: ['sessionId', 'index'] });
    db.createObjectStore(ANNOTATIONS, { keyPath: ANNOTATION_KEY_PATH });
    return;
  }
  if (oldVersion < 2) {
    // Annotation tracks are small (a 2-hour VA track at 10 Hz is 72,000 samples), so the whole store is read at once.
    const read = upgrade.objectStore(ANNOTATIONS).getAll();
    read.onsuccess = () => {
      const v1 = read.result as Array<Omit<AnnotationRecord, 'face'>>;
      db.deleteObjectStore(ANNOTATIONS);
      const store = db.createObjectStore(ANNOTATIONS, { keyPath: ANNOTATION_KEY_PATH });
      for (const record of v1) store.put(annotationRecordOf(record.sessionId, record.track));
    };
  }
}

/** Sorts `list` in place, newest createdAtIso first (ties by id), and returns it. */
export function sortNewestFirst(list: SessionSummary[]): SessionSummary[] {
  return list.sort((a, b) => Date.parse(b.createdAtIso) - Date.parse(a.createdAtIso) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
