/**
 * The session library in IndexedDB. A recording is written as it arrives: every media chunk and
 * every ~1 s of frames is one small transaction that also updates the session's metadata, so a
 * crash, reload or closed tab loses at most the chunk being written, and a failed write changes
 * nothing. recoverInterrupted (call it at start-up) closes sessions whose recording never finished.
 *
 * SessionStore is the one door; the work is done by recording.ts, library.ts, import-session.ts,
 * batches.ts and import-stream.ts over a shared StoreContext (context.ts).
 */
import type { AnnotationKind, AnnotationTrack, FaceBoxes, FrameRecord, SessionImportSink, SessionRecord, SessionSource } from '../../core/session';
import { readFrameBatches, readMediaChunks, readSessionHeader } from './batches';
import { StoreContext } from './context';
import { storageErrorFrom, storageUnavailable } from './errors';
import { createImported, importSession } from './import-session';
import { importStream } from './import-stream';
import type { NewSession } from './inputs';
import * as library from './library';
import * as recording from './recording';
import { RecordingLocks } from './recording-locks';
import { loadReplaySession } from './replay-read';
import { DB_VERSION, DEFAULT_DB_NAME, type SessionMetaRecord, type SessionSummary } from './schema';
import { openDatabase } from './transact';

export { StorageFullError, formatMediaTime } from './errors';
export type { NewSession } from './inputs';
export type { StorageEstimate } from './library';
export type { SessionState, SessionSummary } from './schema';

export interface SessionStoreOptions {
  /** default 'affectscope-sessions' */
  dbName?: string;
  /** default: the global indexedDB (tests pass fake-indexeddb's) */
  factory?: IDBFactory;
  /** IDBKeyRange of the same implementation as `factory`; default: the global one */
  keyRange?: typeof IDBKeyRange;
  /** for estimate(); default navigator.storage, null: none */
  storage?: StorageManager | null;
  /** Web Locks that mark live recordings across tabs; default navigator.locks, null: none */
  locks?: LockManager | null;
  /** wall clock, ms since the epoch, for createdAtIso/updatedAtIso; default Date.now */
  now?: () => number;
}

export class SessionStore {
  private constructor(private readonly ctx: StoreContext) {}

  /** Opens (or creates) the library; rejects with 'storage-unavailable' where IndexedDB cannot be used. */
  static async open(options: SessionStoreOptions = {}): Promise<SessionStore> {
    const nav = (globalThis as { navigator?: Navigator }).navigator;
    const factory = options.factory ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
    const keyRange = options.keyRange ?? (globalThis as { IDBKeyRange?: typeof IDBKeyRange }).IDBKeyRange;
    if (!factory || !keyRange) throw storageUnavailable(new Error('this browser has no IndexedDB'));
    const db = await openDatabase(factory, options.dbName ?? DEFAULT_DB_NAME, DB_VERSION);
    const storage = options.storage !== undefined ? options.storage : (nav?.storage ?? null);
    const locks = options.locks !== undefined ? options.locks : (nav?.locks ?? null);
    return new SessionStore(new StoreContext(db, keyRange, storage, new RecordingLocks(locks), options.now ?? Date.now));
  }

  /** Closes the database and ends this tab's recordings' locks. */
  close(): void {
    this.ctx.locks.releaseAll();
    this.ctx.db.close();
  }

  // ─── recording (recording.ts) ─────────────────────────────────────────────────────────────

  /** Starts a session in state 'recording'; returns its id. */
  beginSession(meta: NewSession): Promise<string> {
    return recording.beginSession(this.ctx, meta);
  }

  /** Appends the next piece of the media file; `endMediaTimeMs` is the media time at its end. Committed when it resolves. */
  appendMediaChunk(id: string, bytes: Blob | ArrayBuffer | ArrayBufferView, endMediaTimeMs: number): Promise<void> {
    return recording.appendMediaChunk(this.ctx, id, bytes, endMediaTimeMs);
  }

  /** Appends model outputs (about 1 s of them), sorted by mediaTimeMs and not before those already stored. */
  appendFrames(id: string, frames: FrameRecord[]): Promise<void> {
    return recording.appendFrames(this.ctx, id, frames);
  }

  /**
   * Drops the frames at or after `fromMediaTimeMs` of a session being written (a file analysis that seeks back
   * analyses them again); later appendFrames continue from the frame before.
   */
  truncateFrames(id: string, fromMediaTimeMs: number): Promise<void> {
    return recording.truncateFrames(this.ctx, id, fromMediaTimeMs);
  }

  /**
   * Marks the recording complete with the media's length (default: the end of its last chunk) and releases its lock.
   * `source`: an analysed file's description, known exactly only at the end (it replaces the one given to beginSession).
   */
  finishSession(id: string, durationMs?: number, source?: SessionSource): Promise<SessionSummary> {
    return recording.finishSession(this.ctx, id, durationMs, source);
  }

  /**
   * Closes a recording that cannot go on (a write failed, e.g. the disk is full) now, as recoverInterrupted
   * would at the next start: state 'recovered' at the end of its last saved media chunk, frames after it
   * dropped. Releases its lock even when this write fails too (the next start then recovers it).
   */
  abandonRecording(id: string): Promise<SessionSummary> {
    return recording.abandonRecording(this.ctx, id);
  }

  /**
   * Start-up: every session left in state 'recording' by a tab that is gone becomes 'recovered',
   * its duration the end of its last media chunk, and frames after that time are dropped. Returns them, newest first.
   */
  recoverInterrupted(): Promise<SessionSummary[]> {
    return recording.recoverInterrupted(this.ctx);
  }

  // ─── library (library.ts) ─────────────────────────────────────────────────────────────────

  /** Every session, newest first. */
  list(): Promise<SessionSummary[]> {
    return library.list(this.ctx);
  }

  rename(id: string, name: string): Promise<SessionSummary> {
    return library.rename(this.ctx, id, name);
  }

  /** Removes the session with its media, frames and annotations, in one transaction. */
  delete(id: string): Promise<void> {
    return library.deleteSession(this.ctx, id);
  }

  /** The stored session as the core format (validated; annotation tracks by annotator, then kind) and its media file, chunks in order. */
  loadSession(id: string): Promise<{ session: SessionRecord; media: Blob; summary: SessionSummary }> {
    return library.loadSession(this.ctx, id);
  }

  /** The session for replay: frames without landmarks, media read a bounded piece at a time, the faces' boxes (replay-read.ts). */
  loadForReplay(id: string): Promise<{ session: SessionRecord; media: Blob; faces: FaceBoxes }> {
    return loadReplaySession(this.ctx, id);
  }

  /** Stores `track`, replacing the session's track of the same annotator, kind and face. */
  saveAnnotationTrack(id: string, track: AnnotationTrack): Promise<void> {
    return library.saveAnnotationTrack(this.ctx, id, track);
  }

  /** Deletes the session's track of `annotator`, `kind` and `face` (null, the default: each frame's largest face). */
  deleteAnnotationTrack(id: string, annotator: string, kind: AnnotationKind, face: number | null = null): Promise<void> {
    return library.deleteAnnotationTrack(this.ctx, id, annotator, kind, face);
  }

  /** Bytes used by this site and its quota, or null where the browser does not say. */
  estimate(): Promise<library.StorageEstimate | null> {
    return library.estimate(this.ctx);
  }

  // ─── import (import-session.ts, import-stream.ts) and streamed export (batches.ts) ──────

  /**
   * Stores an imported session (e.g. from importSessionZip) in one transaction: all of it or,
   * if anything fails or a session with its id exists ('session-exists'), nothing.
   */
  importSession(session: SessionRecord, mediaBytes: Blob | ArrayBuffer | ArrayBufferView): Promise<SessionSummary> {
    return importSession(this.ctx, session, mediaBytes);
  }

  /**
   * Stores a session that `feed` streams into the sink (importSessionZipStream): media and frames are
   * written as they come; all of it is deleted again when `feed` rejects. 'session-exists' when its id is taken;
   * 'storage-full' at once when the sizes the zip declares exceed the free space, and as the import's failure when
   * a write meets a full disk.
   */
  importStream(feed: (sink: SessionImportSink) => Promise<unknown>): Promise<SessionSummary> {
    const deps = {
      create: (meta: SessionMetaRecord, tracks: AnnotationTrack[]) => createImported(this.ctx, meta, tracks),
      // a browser that cannot say how full it is does not stop the import: a full disk still fails it as it goes
      estimate: () => this.estimate().catch(() => null),
      appendMedia: (id: string, bytes: Uint8Array) => this.appendMediaChunk(id, bytes, 0),
      appendFrames: (id: string, frames: FrameRecord[]) => this.appendFrames(id, frames),
      finish: (id: string, durationMs: number) => this.finishSession(id, durationMs),
      remove: (id: string) => this.delete(id),
    };
    return importStream(deps, this.ctx.nowIso(), feed);
  }

  /** The session's metadata and annotation tracks, frames empty (not validated): read the frames with frameBatches, the media with mediaChunks. */
  async loadSessionHeader(id: string): Promise<SessionRecord> {
    const { session } = await readSessionHeader(this.ctx.db, this.ctx.sessionRange(id), id).catch((error: unknown) => {
      throw storageErrorFrom(error, { kind: 'read' });
    });
    return session;
  }

  /** The session's frames in order, `chunksPerRead` stored chunks (~1 s of frames each) per read: a reader holds one batch, never the session. */
  frameBatches(id: string, chunksPerRead?: number): AsyncGenerator<FrameRecord[]> {
    return readFrameBatches(this.ctx.db, this.ctx.keyRange, id, chunksPerRead);
  }

  /** The session's media file in order, one stored chunk per yield. */
  mediaChunks(id: string, chunksPerRead?: number): AsyncGenerator<Uint8Array> {
    return readMediaChunks(this.ctx.db, this.ctx.keyRange, id, chunksPerRead);
  }
}
