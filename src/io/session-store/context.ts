/**
 * What every SessionStore operation shares: the open database, this tab's recording locks, the clock,
 * and the transaction helpers that turn any failure into the AffectscopeError the user is shown.
 */
import { notRecording, sessionExists, sessionMissing, storageErrorFrom, type StorageAction } from './errors';
import type { RecordingLocks } from './recording-locks';
import { SESSIONS, type SessionMetaRecord } from './schema';
import { transact, type TransactionScope } from './transact';

export class StoreContext {
  /** media ms committed so far per session recorded by this tab: what a 'storage-full' error says is kept */
  private readonly savedMs = new Map<string, number>();
  /** names of the sessions this tab is importing (written as recordings): a full disk is the import's failure, not a recording's */
  private readonly importing = new Map<string, string>();

  constructor(
    readonly db: IDBDatabase,
    readonly keyRange: typeof IDBKeyRange,
    readonly storage: StorageManager | null,
    readonly locks: RecordingLocks,
    private readonly now: () => number,
  ) {}

  nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  /** Every key [id, …] of a chunk store: arrays sort after numbers and strings, so [id, []] bounds them all. */
  sessionRange(id: string): IDBKeyRange {
    return this.keyRange.bound([id], [id, []]);
  }

  /** One transaction over `stores`; a failure becomes the AffectscopeError for `action`. */
  run<T>(stores: string[], mode: IDBTransactionMode, action: StorageAction | (() => StorageAction), body: (scope: TransactionScope) => () => T): Promise<T> {
    return transact(this.db, stores, mode, body).catch((error: unknown) => {
      throw storageErrorFrom(error, typeof action === 'function' ? action() : action);
    });
  }

  /** One readwrite transaction: read the session's metadata, let `change` write more and return the new metadata, store it. */
  update(
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
  async updateRecording(
    id: string,
    stores: string[],
    change: (meta: SessionMetaRecord, scope: TransactionScope) => SessionMetaRecord,
  ): Promise<SessionMetaRecord> {
    const updated = await this.update(id, stores, this.recordingAction(id), (meta, scope) => {
      if (meta.state !== 'recording') throw notRecording(id, meta.state, ': start a new recording');
      return change(meta, scope);
    });
    this.savedMs.set(id, updated.durationMs);
    return updated;
  }

  /** The StorageAction of a write to a session being recorded (or imported), read when the write fails. */
  recordingAction(id: string): () => StorageAction {
    return () => {
      const sessionName = this.importing.get(id);
      return sessionName !== undefined ? { kind: 'import', sessionName } : { kind: 'recording', savedDurationMs: this.savedMs.get(id) ?? 0 };
    };
  }

  /** The session `id` is being written by an import (import-stream.ts), until endRecording. */
  markImport(id: string, sessionName: string): void {
    this.importing.set(id, sessionName);
  }

  /**
   * Takes the session's recording lock, then runs `create` (the transaction that adds the session).
   * Locked before the session exists, so no other tab's recoverInterrupted ever sees it unlocked while it records.
   */
  async startRecording(id: string, create: () => Promise<void>): Promise<void> {
    await this.locks.acquire(id);
    try {
      await create();
    } catch (error) {
      this.locks.release(id);
      throw error;
    }
    this.savedMs.set(id, 0);
  }

  /** This tab no longer writes the session: releases its lock and forgets its saved duration. */
  endRecording(id: string): void {
    this.locks.release(id);
    this.savedMs.delete(id);
    this.importing.delete(id);
  }
}

/** Inside `scope`: adds `meta` to the sessions store, then runs `andThen`; 'session-exists' (rolling back) when its id is taken. */
export function addNewSession(scope: TransactionScope, meta: SessionMetaRecord, andThen: () => void = () => undefined): void {
  scope.on(scope.store(SESSIONS).get(meta.id), (existing) => {
    if (existing !== undefined) throw sessionExists(meta.id);
    scope.store(SESSIONS).add(meta);
    andThen();
  });
}
