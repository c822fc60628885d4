/**
 * Writing a session as it is recorded: every media chunk and every ~1 s of frames is one small
 * transaction that also updates the session's metadata, so a crash, reload or closed tab loses at
 * most the chunk being written, and a failed write changes nothing.
 */
import { AffectscopeError } from '../../core/errors';
import type { FrameRecord, SessionSource } from '../../core/session';
import { addNewSession, type StoreContext } from './context';
import { notRecording, sessionMissing, type StorageAction } from './errors';
import { toArrayBuffer, validFrames, validMediaTimeMs, validNewSession, validSource, type NewSession } from './inputs';
import { recoverSession } from './recovery';
import { FRAME_CHUNKS, MEDIA_CHUNKS, SESSIONS, newRecordingMeta, sortNewestFirst, summaryOf, type FrameChunkRecord, type MediaChunkRecord, type SessionMetaRecord, type SessionSummary } from './schema';
import type { TransactionScope } from './transact';
import { truncateFrames as dropFramesFrom } from './truncate';

/** Starts a session in state 'recording' (locked by this tab); returns its id. */
export async function beginSession(ctx: StoreContext, meta: NewSession): Promise<string> {
  const nowIso = ctx.nowIso();
  const record = newRecordingMeta(validNewSession(meta, meta?.id ?? crypto.randomUUID(), nowIso), nowIso);
  await ctx.startRecording(record.id, () =>
    ctx.run([SESSIONS], 'readwrite', { kind: 'write', what: 'the new recording' }, (scope) => {
      addNewSession(scope, record);
      return () => undefined;
    }),
  );
  return record.id;
}

/** Appends the next piece of the media file; `endMediaTimeMs` is the media time at its end. Committed when it resolves. */
export async function appendMediaChunk(ctx: StoreContext, id: string, bytes: Blob | ArrayBuffer | ArrayBufferView, endMediaTimeMs: number): Promise<void> {
  validMediaTimeMs(endMediaTimeMs, 'endMediaTimeMs');
  const data = await toArrayBuffer(bytes);
  await ctx.updateRecording(id, [MEDIA_CHUNKS], (meta, scope) => {
    if (endMediaTimeMs < meta.durationMs) {
      throw new AffectscopeError('invalid-options', `endMediaTimeMs: expected ≥ the previous chunk's ${meta.durationMs} ms, got ${endMediaTimeMs}`);
    }
    const chunk: MediaChunkRecord = { sessionId: id, index: meta.mediaChunkCount, data, byteLength: data.byteLength, endMediaTimeMs };
    scope.store(MEDIA_CHUNKS).add(chunk);
    return { ...meta, mediaChunkCount: meta.mediaChunkCount + 1, byteLength: meta.byteLength + data.byteLength, durationMs: endMediaTimeMs };
  });
}

/** Appends model outputs (about 1 s of them), sorted by mediaTimeMs and not before those already stored. */
export async function appendFrames(ctx: StoreContext, id: string, frames: FrameRecord[]): Promise<void> {
  const clean = validFrames(frames);
  if (clean.length === 0) return;
  await ctx.updateRecording(id, [FRAME_CHUNKS], (meta, scope) => {
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

/** Drops the frames at or after `fromMediaTimeMs` of a session being written; later appendFrames continue from the frame before. */
export async function truncateFrames(ctx: StoreContext, id: string, fromMediaTimeMs: number): Promise<void> {
  validMediaTimeMs(fromMediaTimeMs, 'fromMediaTimeMs');
  await withRecordingFrames(ctx, id, ctx.recordingAction(id), (scope, meta) => {
    dropFramesFrom(scope, meta, ctx.sessionRange(id), fromMediaTimeMs, (updated) => scope.store(SESSIONS).put({ ...updated, updatedAtIso: ctx.nowIso() }));
  });
}

/** Marks the recording complete with the media's length (default: the end of its last chunk) and `source` if given; releases its lock. */
export async function finishSession(ctx: StoreContext, id: string, durationMs?: number, source?: SessionSource): Promise<SessionSummary> {
  if (durationMs !== undefined) validMediaTimeMs(durationMs, 'durationMs');
  const cleanSource = source === undefined ? undefined : validSource(source);
  try {
    const meta = await ctx.updateRecording(id, [], (meta) => ({
      ...meta, state: 'complete', durationMs: durationMs ?? meta.durationMs, ...(cleanSource ? { source: cleanSource } : {}),
    }));
    return summaryOf(meta);
  } finally {
    ctx.endRecording(id);
  }
}

/** Closes a recording that cannot go on now, as recoverInterrupted would at the next start; releases its lock even when this write fails. */
export async function abandonRecording(ctx: StoreContext, id: string): Promise<SessionSummary> {
  try {
    const found: SessionMetaRecord[] = [];
    await withRecordingFrames(ctx, id, { kind: 'write', what: 'the interrupted recording' }, (scope, meta) => {
      recoverSession(scope, meta, ctx.sessionRange(id), ctx.nowIso(), found);
    });
    return summaryOf(found[0]);
  } finally {
    ctx.endRecording(id);
  }
}

/** Closes as 'recovered' every session left 'recording' by a tab that is gone; returns them, newest first. */
export async function recoverInterrupted(ctx: StoreContext): Promise<SessionSummary[]> {
  const live = await ctx.locks.recordingIds();
  const recovered = await ctx.run([SESSIONS, FRAME_CHUNKS], 'readwrite', { kind: 'write', what: 'the recovered session' }, (scope) => {
    const found: SessionMetaRecord[] = [];
    scope.on(scope.store(SESSIONS).getAll() as IDBRequest<SessionMetaRecord[]>, (all) => {
      for (const meta of all) {
        if (meta.state === 'recording' && !live.has(meta.id)) recoverSession(scope, meta, ctx.sessionRange(meta.id), ctx.nowIso(), found);
      }
    });
    return () => found.map(summaryOf);
  });
  return sortNewestFirst(recovered);
}

/** One readwrite transaction over the sessions and frame chunks that hands `body` the metadata of `id`, which must be recording. */
function withRecordingFrames(
  ctx: StoreContext,
  id: string,
  action: StorageAction | (() => StorageAction),
  body: (scope: TransactionScope, meta: SessionMetaRecord) => void,
): Promise<void> {
  return ctx.run([SESSIONS, FRAME_CHUNKS], 'readwrite', action, (scope) => {
    scope.on(scope.store(SESSIONS).get(id), (meta: SessionMetaRecord | undefined) => {
      if (meta === undefined) throw sessionMissing(id);
      if (meta.state !== 'recording') throw notRecording(id, meta.state);
      body(scope, meta);
    });
    return () => undefined;
  });
}
