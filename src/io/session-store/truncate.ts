/** Dropping the newest frames of a session being written (a file analysis that seeks back re-analyses them). */
import { FRAME_CHUNKS, type FrameChunkRecord, type SessionMetaRecord } from './schema';
import type { TransactionScope } from './transact';

/**
 * Inside `scope`: deletes the frames at or after `fromMediaTimeMs` and calls `done` with the metadata recounted
 * (frameCount, lastFrameTimeMs, frameChunkCount, so the next appendFrames continues after the last chunk kept).
 * Frames are stored in time order, so the cursor walks back from the newest chunk and stops at the first one
 * that ends before `fromMediaTimeMs`: a seek near the end of an hour-long file reads a few chunks, not the hour.
 */
export function truncateFrames(
  scope: TransactionScope,
  meta: SessionMetaRecord,
  sessionRange: IDBKeyRange,
  fromMediaTimeMs: number,
  done: (meta: SessionMetaRecord) => void,
): void {
  let frameCount = meta.frameCount;
  scope.on(scope.store(FRAME_CHUNKS).openCursor(sessionRange, 'prev'), (cursor) => {
    if (cursor === null) {
      done({ ...meta, frameCount: 0, lastFrameTimeMs: 0, frameChunkCount: 0 });
      return;
    }
    const chunk = cursor.value as FrameChunkRecord;
    const kept = chunk.frames.filter((f) => f.mediaTimeMs < fromMediaTimeMs);
    frameCount -= chunk.frames.length - kept.length;
    if (kept.length === 0) {
      cursor.delete();
      cursor.continue();
      return;
    }
    if (kept.length < chunk.frames.length) cursor.update({ ...chunk, frames: kept });
    done({ ...meta, frameCount, lastFrameTimeMs: kept[kept.length - 1].mediaTimeMs, frameChunkCount: chunk.index + 1 });
  });
}
