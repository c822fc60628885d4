/**
 * The session library in IndexedDB. A recording is written as it arrives: every media chunk and
 * every ~1 s of frames is one small transaction that also updates the session's metadata, so a
 * crash, reload or closed tab loses at most the chunk being written, and a failed write changes
 * nothing. recoverInterrupted (call it at start-up) closes sessions whose recording never finished.
 */
import { AffectscopeError } from '../core/errors';
import { validateSessionRecord, type AnnotationKind, type AnnotationTrack, type FrameRecord, type SessionRecord, type SessionSource } from '../core/session';
import { sessionMissing, storageErrorFrom, storageUnavailable, type StorageAction } from './session-store/errors';
import { toArrayBuffer, validFrames, validMediaTimeMs, validNewSession, validSource, validTrack, type NewSession } from './session-store/inputs';
import { RecordingLocks } from './session-store/recording-locks';
import { recoverSession } from './session-store/recovery';
import { truncateFrames } from './session-store/truncate';
import {
  ALL_STORES,
  ANNOTATIONS,
  DB_VERSION,
  DEFAULT_DB_NAME,
  FRAME_CHUNKS,
  MEDIA_CHUNKS,
  SESSIONS,
  summaryOf,
  type AnnotationRecord,
  type FrameChunkRecord,
  type MediaChunkRecord,
  type SessionMetaRecord,
  type SessionSummary,
} from './session-store/schema';
import { openDatabase, transact, type TransactionScope } from './session-store/transact';
import { readFrameBatches, readMediaChunks, readSessionHeader, sessionRecordOf } from './session-store/batches';
import { importStream } from './session-store/import-stream';
import type { SessionImportSink } from '../core/session';

export { StorageFullError, formatMediaTime } from './session-store/errors';
export type { NewSession } from './session-store/inputs';
export type { SessionState, SessionSummary } from './session-store/schema';

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

/** Storage used by this site and the most it may use, bytes (navigator.storage.estimate). */
export interface StorageEstimate {
  usedBytes: number;
  quotaBytes: number;
}

/** Frames per frameChunks record when a whole session is imported at once. */
const IMPORT_FRAMES_PER_CHUNK = 256;

export class SessionStore {
  /** media ms committed so far per session recorded by this tab: what a 'storage-full' error says is kept */
  private readonly savedMs = new Map<string, number>();

  private constructor(
    private readonly db: IDBDatabase,
    private readonly keyRange: typeof IDBKeyRange,
    private readonly storage: StorageManager | null,
    private readonly locks: RecordingLocks,
    private readonly now: () => number,
  ) {}

  /** Opens (or creates) the library; rejects with 'storage-unavailable' where IndexedDB cannot be used. */
  static async open(options: SessionStoreOptions = {}): Promise<SessionStore> {
    const nav = (globalThis as { navigator?: Navigator }).navigator;
    const factory = options.factory ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
    const keyRange = options.keyRange ?? (globalThis as { IDBKeyRange?: typeof IDBKeyRange }).IDBKeyRange;
    if (!factory || !keyRange) throw storageUnavailable(new Error('this browser has no IndexedDB'));
    const db = await openDatabase(factory, options.dbName ?? DEFAULT_DB_NAME, DB_VERSION);
    const storage = options.storage !== undefined ? options.storage : (nav?.storage ?? null);
    const locks = options.locks !== undefined ? options.locks : (nav?.locks ?? null);
    return new SessionStore(db, keyRange, storage, new RecordingLocks(locks), options.now ?? Date.now);
  }

  /** Closes the database and ends this tab's recordings' locks. */
  close(): void {
    this.locks.releaseAll();
    this.db.close();
  }

  // ─── recording ────────────────────────────────────────────────────────────────────────────

  /** Starts a session in state 'recording'; returns its id. */
  async beginSession(meta: NewSession): Promise<string> {
    const nowIso = this.nowIso();
    const probe = validNewSession(meta, meta?.id ?? crypto.randomUUID(), nowIso);
    const record: SessionMetaRecord = {
      id: probe.id,
      name: probe.name,
      createdAtIso: probe.createdAtIso,
      updatedAtIso: nowIso,
      state: 'recording',
      durationMs: 0,
      byteLength: 0,
      mimeType: probe.media.mimeType,
      model: probe.model,
      frameCount: 0,
      mediaChunkCount: 0,
      frameChunkCount: 0,
      lastFrameTimeMs: 0,
    };
    if (probe.source !== undefined) record.source = probe.source;
    // Locked before it exists, so no other tab's recoverInterrupted ever sees it unlocked while it records.
    await this.locks.acquire(record.id);
    try {
      await this.run([SESSIONS], 'readwrite', { kind: 'write', what: 'the new recording' }, (scope) => {
        const sessions = scope.store(SESSIONS);
        scope.on(sessions.get(record.id), (existing) => {
          if (existing !== undefined) throw sessionExists(record.id);
          sessions.add(record);
        });
        return () => undefined;
      });
    } catch (error) {
      this.locks.release(record.id);
      throw error;
    }
    this.savedMs.set(record.id, 0);
    return record.id;
  }

  /** Appends the next piece of the media file; `endMediaTimeMs` is the media time at its end. Committed when it resolves. */
  async appendMediaChunk(id: string, bytes: Blob | ArrayBuffer | ArrayBufferView, endMediaTimeMs: number): Promise<void> {
    validMediaTimeMs(endMediaTimeMs, 'endMediaTimeMs');
    const data = await toArrayBuffer(bytes);
    await this.runRecording(id, [MEDIA_CHUNKS], (meta, scope) => {
      if (endMediaTimeMs < meta.durationMs) {
        throw new AffectscopeError('invalid-options', `endMediaTimeMs: expected ≥ the previous chunk's ${meta.durationMs} ms, got ${endMediaTimeMs}`);
      }
      const chunk: MediaChunkRecord = { sessionId: id, index: meta.mediaChunkCount, data, byteLength: data.byteLength, endMediaTimeMs };
      scope.store(MEDIA_CHUNKS).add(chunk);
      return { ...meta, mediaChunkCount: meta.mediaChunkCount + 1, byteLength: meta.byteLength + data.byteLength, durationMs: endMediaTimeMs };
    });
  }

  /** Appends model outputs (about 1 s of them), sorted by mediaTimeMs and not before those already stored. */
  async appendFrames(id: string, frames: FrameRecord[]): Promise<void> {
    const clean = validFrames(frames);
    if (clean.length === 0) return;
    await this.runRecording(id, [FRAME_CHUNKS], (meta, scope) => {
      if (clean[0].mediaTimeMs < meta.lastFrameTimeMs) {
        throw new AffectscopeError('invalid-options', `frames: expected mediaTimeMs ≥ the last stored frame's ${meta.lastFrameTimeMs} ms, got ${clean[0].mediaTimeMs}`);
      }
      const chunk: FrameChunkRecord = { sessionId: id, index: meta.frameChunkCount, frames: clean };
      scope.store(FRAME_CHUNKS).add(chunk);
      return {
        ...meta,
        frameChunkCount: meta.frameChunkCount + 1,
        frameCount: meta.frameCount + clean.length,
        lastFrameTimeMs: clean[clean.length - 1].mediaTimeMs,
      };
    });
  }

  /**
   * Drops the frames at or after `fromMediaTimeMs` of a session being written (a file analysis that seeks back
   * analyses them again); later appendFrames continue from the frame before.
   */
  async truncateFrames(id: string, fromMediaTimeMs: number): Promise<void> {
    validMediaTimeMs(fromMediaTimeMs, 'fromMediaTimeMs');
    const saved = (): StorageAction => ({ kind: 'recording', savedDurationMs: this.savedMs.get(id) ?? 0 });
    await this.run([SESSIONS, FRAME_CHUNKS], 'readwrite', saved, (scope) => {
      scope.on(scope.store(SESSIONS).get(id), (meta: SessionMetaRecord | undefined) => {
        if (meta === undefined) throw sessionMissing(id);
        if (meta.state !== 'recording') throw new AffectscopeError('invalid-options', `session "${id}" is not being recorded (it is ${meta.state})`);
        truncateFrames(scope, meta, this.sessionRange(id), fromMediaTimeMs, (updated) => scope.store(SESSIONS).put({ ...updated, updatedAtIso: this.nowIso() }));
      });
      return () => undefined;
    });
  }

  /**
   * Marks the recording complete with the media's length (default: the end of its last chunk) and releases its lock.
   * `source`: an analysed file's description, known exactly only at the end (it replaces the one given to beginSession).
   */
  async finishSession(id: string, durationMs?: number, source?: SessionSource): Promise<SessionSummary> {
    if (durationMs !== undefined) validMediaTimeMs(durationMs, 'durationMs');
    const cleanSource = source === undefined ? undefined : validSource(source);
    try {
      const meta = await this.runRecording(id, [], (meta) => ({
        ...meta, state: 'complete', durationMs: durationMs ?? meta.durationMs, ...(cleanSource ? { source: cleanSource } : {}),
      }));
      return summaryOf(meta);
    } finally {
      this.locks.release(id);
      this.savedMs.delete(id);
    }
  }

  /**
   * Closes a recording that cannot go on (a write failed, e.g. the disk is full) now, as recoverInterrupted
   * would at the next start: state 'recovered' at the end of its last saved media chunk, frames after it
   * dropped. Releases its lock even when this write fails too (the next start then recovers it).
   */
  async abandonRecording(id: string): Promise<SessionSummary> {
    try {
      const found: SessionMetaRecord[] = [];
      await this.run([SESSIONS, FRAME_CHUNKS], 'readwrite', { kind: 'write', what: 'the interrupted recording' }, (scope) => {
        scope.on(scope.store(SESSIONS).get(id), (meta: SessionMetaRecord | undefined) => {
          if (meta === undefined) throw sessionMissing(id);
          if (meta.state !== 'recording') throw new AffectscopeError('invalid-options', `session "${id}" is not being recorded (it is ${meta.state})`);
          recoverSession(scope, meta, this.sessionRange(id), this.nowIso(), found);
        });
        return () => undefined;
      });
      return summaryOf(found[0]);
    } finally {
      this.locks.release(id);
      this.savedMs.delete(id);
    }
  }

  /**
   * Start-up: every session left in state 'recording' by a tab that is gone becomes 'recovered',
   * its duration the end of its last media chunk, and frames after that time are dropped. Returns them, newest first.
   */
  async recoverInterrupted(): Promise<SessionSummary[]> {
    const live = await this.locks.recordingIds();
    const recovered = await this.run([SESSIONS, FRAME_CHUNKS], 'readwrite', { kind: 'write', what: 'the recovered session' }, (scope) => {
      const found: SessionMetaRecord[] = [];
      scope.on(scope.store(SESSIONS).getAll() as IDBRequest<SessionMetaRecord[]>, (all) => {
        for (const meta of all) {
          if (meta.state === 'recording' && !live.has(meta.id)) recoverSession(scope, meta, this.sessionRange(meta.id), this.nowIso(), found);
        }
      });
      return () => found.map(summaryOf);
    });
    return sortNewestFirst(recovered);
  }

  // ─── library ──────────────────────────────────────────────────────────────────────────────

  /** Every session, newest first. */
  async list(): Promise<SessionSummary[]> {
    const all = await this.run([SESSIONS], 'readonly', { kind: 'read' }, (scope) => {
      let result: SessionMetaRecord[] = [];
      scope.on(scope.store(SESSIONS).getAll() as IDBRequest<SessionMetaRecord[]>, (records) => (result = records));
      return () => result.map(summaryOf);
    });
    return sortNewestFirst(all);
  }

  async rename(id: string, name: string): Promise<SessionSummary> {
    if (typeof name !== 'string' || name.trim().length === 0) {
      throw new AffectscopeError('invalid-options', `name: expected a non-empty string, got ${JSON.stringify(name)}`);
    }
    return summaryOf(await this.update(id, [], { kind: 'write', what: 'the new name' }, (meta) => ({ ...meta, name: name.trim() })));
  }

  /** Removes the session with its media, frames and annotations, in one transaction. */
  async delete(id: string): Promise<void> {
    await this.run(ALL_STORES, 'readwrite', { kind: 'write', what: 'the deletion' }, (scope) => {
      scope.on(scope.store(SESSIONS).get(id), (meta) => {
        if (meta === undefined) throw sessionMissing(id);
        scope.store(SESSIONS).delete(id);
        for (const name of [MEDIA_CHUNKS, FRAME_CHUNKS, ANNOTATIONS]) scope.store(name).delete(this.sessionRange(id));
      });
      return () => undefined;
    });
    this.locks.release(id);
    this.savedMs.delete(id);
  }

  /** The stored session as the core format (validated; annotation tracks by annotator, then kind) and its media file, chunks in order. */
  async loadSession(id: string): Promise<{ session: SessionRecord; media: Blob; summary: SessionSummary }> {
    const parts = await this.run(ALL_STORES, 'readonly', { kind: 'read' }, (scope) => {
      let meta: SessionMetaRecord | undefined;
      let media: MediaChunkRecord[] = [];
      let frames: FrameChunkRecord[] = [];
      let annotations: AnnotationRecord[] = [];
      const range = this.sessionRange(id);
      scope.on(scope.store(SESSIONS).get(id), (m: SessionMetaRecord | undefined) => {
        if (m === undefined) throw sessionMissing(id);
        meta = m;
      });
      scope.on(scope.store(MEDIA_CHUNKS).getAll(range), (r) => (media = r));
      scope.on(scope.store(FRAME_CHUNKS).getAll(range), (r) => (frames = r));
      scope.on(scope.store(ANNOTATIONS).getAll(range), (r) => (annotations = r));
      return () => ({ meta: meta!, media, frames, annotations });
    });
    const { meta } = parts;
    const record = sessionRecordOf(
      meta,
      parts.frames.flatMap((chunk) => chunk.frames),
      parts.annotations.map((a) => a.track),
    );
    const session = validateSessionRecord(record, 'internal', `stored session "${meta.name}"`);
    const media = new Blob(
      parts.media.map((chunk) => chunk.data),
      { type: meta.mimeType },
    );
    return { session, media, summary: summaryOf(meta) };
  }

  /** Stores `track`, replacing the session's track of the same annotator and kind. */
  async saveAnnotationTrack(id: string, track: AnnotationTrack): Promise<void> {
    const clean = validTrack(track);
    const record: AnnotationRecord = { sessionId: id, annotator: clean.annotator, kind: clean.kind, track: clean };
    await this.update(id, [ANNOTATIONS], { kind: 'write', what: 'the annotation track' }, (meta, scope) => {
      scope.store(ANNOTATIONS).put(record);
      return meta;
    });
  }

  async deleteAnnotationTrack(id: string, annotator: string, kind: AnnotationKind): Promise<void> {
    await this.update(id, [ANNOTATIONS], { kind: 'write', what: 'the deletion' }, (meta, scope) => {
      scope.store(ANNOTATIONS).delete([id, annotator, kind]);
      return meta;
    });
  }

  /**
   * Stores an imported session (e.g. from importSessionZip) in one transaction: all of it or,
   * if anything fails or a session with its id exists ('session-exists'), nothing.
   */
  async importSession(session: SessionRecord, mediaBytes: Blob | ArrayBuffer | ArrayBufferView): Promise<SessionSummary> {
    const clean = validateSessionRecord(session, 'import-invalid', 'imported session');
    const data = await toArrayBuffer(mediaBytes);
    if (data.byteLength !== clean.media.byteLength) {
      throw new AffectscopeError('import-invalid', `imported session: media: expected ${clean.media.byteLength} bytes, got ${data.byteLength}`);
    }
    const frameChunks: FrameRecord[][] = [];
    for (let i = 0; i < clean.frames.length; i += IMPORT_FRAMES_PER_CHUNK) frameChunks.push(clean.frames.slice(i, i + IMPORT_FRAMES_PER_CHUNK));
    const id = clean.id;
    const meta: SessionMetaRecord = {
      id,
      name: clean.name,
      createdAtIso: clean.createdAtIso,
      updatedAtIso: this.nowIso(),
      state: 'complete',
      durationMs: clean.durationMs,
      byteLength: data.byteLength,
      mimeType: clean.media.mimeType,
      model: clean.model,
      frameCount: clean.frames.length,
      mediaChunkCount: 1,
      frameChunkCount: frameChunks.length,
      lastFrameTimeMs: clean.frames.at(-1)?.mediaTimeMs ?? 0,
    };
    if (clean.source !== undefined) meta.source = clean.source;
    await this.run(ALL_STORES, 'readwrite', { kind: 'write', what: 'the imported session' }, (scope) => {
      scope.on(scope.store(SESSIONS).get(id), (existing) => {
        if (existing !== undefined) throw sessionExists(id);
        scope.store(SESSIONS).add(meta);
        const media: MediaChunkRecord = { sessionId: id, index: 0, data, byteLength: data.byteLength, endMediaTimeMs: clean.durationMs };
        scope.store(MEDIA_CHUNKS).add(media);
        frameChunks.forEach((frames, index) => scope.store(FRAME_CHUNKS).add({ sessionId: id, index, frames } satisfies FrameChunkRecord));
        for (const track of clean.annotations) {
          scope.store(ANNOTATIONS).add({ sessionId: id, annotator: track.annotator, kind: track.kind, track } satisfies AnnotationRecord);
        }
      });
      return () => undefined;
    });
    return summaryOf(meta);
  }

  // ─── streamed export and import (session-store/batches.ts, import-stream.ts) ──────────────

  /** The session's metadata and annotation tracks, frames empty (not validated): read the frames with frameBatches, the media with mediaChunks. */
  async loadSessionHeader(id: string): Promise<SessionRecord> {
    const { session } = await readSessionHeader(this.db, this.sessionRange(id), id).catch((error: unknown) => {
      throw storageErrorFrom(error, { kind: 'read' });
    });
    return session;
  }

  /** The session's frames in order, `chunksPerRead` stored chunks (~1 s of frames each) per read: a reader holds one batch, never the session. */
  frameBatches(id: string, chunksPerRead?: number): AsyncGenerator<FrameRecord[]> {
    return readFrameBatches(this.db, this.keyRange, id, chunksPerRead);
  }

  /** The session's media file in order, one stored chunk per yield. */
  mediaChunks(id: string, chunksPerRead?: number): AsyncGenerator<Uint8Array> {
    return readMediaChunks(this.db, this.keyRange, id, chunksPerRead);
  }

  /**
   * Stores a session that `feed` streams into the sink (importSessionZipStream): media and frames are
   * written as they come; all of it is deleted again when `feed` rejects. 'session-exists' when its id is taken.
   */
  importStream(feed: (sink: SessionImportSink) => Promise<unknown>): Promise<SessionSummary> {
    const deps = {
      create: (meta: SessionMetaRecord, tracks: AnnotationTrack[]) => this.createImported(meta, tracks),
      appendMedia: (id: string, bytes: Uint8Array) => this.appendMediaChunk(id, bytes, 0),
      appendFrames: (id: string, frames: FrameRecord[]) => this.appendFrames(id, frames),
      finish: (id: string, durationMs: number) => this.finishSession(id, durationMs),
      remove: (id: string) => this.delete(id),
    };
    return importStream(deps, this.nowIso(), feed);
  }

  /** Adds an imported session's metadata (state 'recording', locked as beginSession does) and its annotation tracks. */
  private async createImported(meta: SessionMetaRecord, tracks: AnnotationTrack[]): Promise<void> {
    const clean = tracks.map(validTrack);
    await this.locks.acquire(meta.id);
    try {
      await this.run([SESSIONS, ANNOTATIONS], 'readwrite', { kind: 'write', what: 'the imported session' }, (scope) => {
        scope.on(scope.store(SESSIONS).get(meta.id), (existing) => {
          if (existing !== undefined) throw sessionExists(meta.id);
          scope.store(SESSIONS).add(meta);
          for (const track of clean) scope.store(ANNOTATIONS).add({ sessionId: meta.id, annotator: track.annotator, kind: track.kind, track } satisfies AnnotationRecord);
        });
        return () => undefined;
      });
    } catch (error) {
      this.locks.release(meta.id);
      throw error;
    }
    this.savedMs.set(meta.id, 0);
  }

  /** Bytes used by this site and its quota, or null where the browser does not say. */
  async estimate(): Promise<StorageEstimate | null> {
    if (this.storage === null || typeof this.storage.estimate !== 'function') return null;
    let estimate: StorageEstimate;
    try {
      const { usage, quota } = await this.storage.estimate();
      estimate = { usedBytes: usage ?? 0, quotaBytes: quota ?? 0 };
    } catch (error) {
      throw storageUnavailable(error);
    }
    return estimate;
  }

  // ─── plumbing ─────────────────────────────────────────────────────────────────────────────

  private nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  /** Every key [id, …] of a chunk store: arrays sort after numbers and strings, so [id, []] bounds them all. */
  private sessionRange(id: string): IDBKeyRange {
    return this.keyRange.bound([id], [id, []]);
  }

  private run<T>(stores: string[], mode: IDBTransactionMode, action: StorageAction | (() => StorageAction), body: (scope: TransactionScope) => () => T): Promise<T> {
    return transact(this.db, stores, mode, body).catch((error: unknown) => {
      throw storageErrorFrom(error, typeof action === 'function' ? action() : action);
    });
  }

  /** One readwrite transaction: read the session's metadata, let `change` write more and return the new metadata, store it. */
  private update(
    id: string,
    stores: string[],
    action: StorageAction | (() => StorageAction),
    change: (meta: SessionMetaRecord, scope: TransactionScope) => SessionMetaRecord,
  ): Promise<SessionMetaRecord> {
    return this.run([SESSIONS, ...stores], 'readwrite', action, (scope) => {
      let updated: SessionMetaRecord | undefined;
      scope.on(scope.store(SESSIONS).get(id), (meta: SessionMetaRecord | undefined) => {
        if (meta === undefined) throw sessionMissing(id);
        updated = { ...change(meta, scope), updatedAtIso: this.nowIso() };
        scope.store(SESSIONS).put(updated);
      });
      return () => updated!;
    });
  }

  /** update() for a session being recorded; a full disk reports how much of it is saved. */
  private async runRecording(
    id: string,
    stores: string[],
    change: (meta: SessionMetaRecord, scope: TransactionScope) => SessionMetaRecord,
  ): Promise<SessionMetaRecord> {
    const saved = (): StorageAction => ({ kind: 'recording', savedDurationMs: this.savedMs.get(id) ?? 0 });
    const updated = await this.update(id, stores, saved, (meta, scope) => {
      if (meta.state !== 'recording') {
        throw new AffectscopeError('invalid-options', `session "${id}" is not being recorded (it is ${meta.state}): start a new recording`);
      }
      return change(meta, scope);
    });
    this.savedMs.set(id, updated.durationMs);
    return updated;
  }
}

function sessionExists(id: string): AffectscopeError {
  return new AffectscopeError('session-exists', `A session with id "${id}" is already in the library: delete it first to import it again.`);
}

function sortNewestFirst(list: SessionSummary[]): SessionSummary[] {
  return list.sort((a, b) => Date.parse(b.createdAtIso) - Date.parse(a.createdAtIso) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
