/** Closing a session whose recording was interrupted (tab closed, crash, reload). */
import { FRAME_CHUNKS, SESSIONS, type FrameChunkRecord, type SessionMetaRecord } from './schema';
import type { TransactionScope } from './transact';

/**
 * Inside `scope`: marks `meta` 'recovered' at the end of its last media chunk (meta.durationMs,
 * which every append kept up to date), drops the frames after that time, recounts them, and pushes
 * the new metadata onto `found` once written.
 */
export function recoverSession(scope: TransactionScope, meta: SessionMetaRecord, sessionRange: IDBKeyRange, nowIso: string, found: SessionMetaRecord[]): void {
  let frameCount = 0;
  let lastFrameTimeMs = 0;
  scope.on(scope.store(FRAME_CHUNKS).openCursor(sessionRange), (cursor) => {
    if (cursor === null) {
      const done: SessionMetaRecord = { ...meta, state: 'recovered', frameCount, lastFrameTimeMs, updatedAtIso: nowIso };
      scope.store(SESSIONS).put(done);
      found.push(done);
      return;
    }
    // Frames past the last saved media describe video that was lost.
    const chunk = cursor.value as FrameChunkRecord;
    const kept = chunk.frames.filter((f) => f.mediaTimeMs <= meta.durationMs);
    if (kept.length === 0) cursor.delete();
    else if (kept.length < chunk.frames.length) cursor.update({ ...chunk, frames: kept });
    frameCount += kept.length;
    if (kept.length > 0) lastFrameTimeMs = kept[kept.length - 1].mediaTimeMs;
    cursor.continue();
  });
}
