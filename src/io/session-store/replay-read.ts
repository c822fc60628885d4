/**
 * A stored session read for replay, a bounded piece at a time: the frames without their landmarks (replay, the
 * timeline and the agreement table never draw them; they are ~8,000 characters a frame, ~2 GiB for two hours),
 * and the media as a Blob built from per-read Blobs, so no copy of the whole file is ever one ArrayBuffer on the
 * JS heap (Chromium keeps large Blob data in its blob storage, paged to disk). loadSession() still gives the
 * whole record for callers that need landmarks.
 */
import { FaceBoxes, validateSessionRecord, type FrameRecord, type SessionRecord } from '../../core/session';
import { readFrameBatches, readMediaChunks, readSessionHeader } from './batches';
import type { StoreContext } from './context';
import { storageErrorFrom } from './errors';

/** Media chunks joined into one Blob part per read (a recorded chunk is ~1 s; an imported one ≤ 1 MiB). */
const MEDIA_CHUNKS_PER_PART = 16;

/** A frame as replay keeps it: time, face found, prediction, and each tracked face's track and prediction; no landmarks. */
export function replayFrame(frame: FrameRecord): FrameRecord {
  const kept: FrameRecord = { mediaTimeMs: frame.mediaTimeMs, faceFound: frame.faceFound, prediction: frame.prediction };
  if (frame.trackId !== undefined) kept.trackId = frame.trackId;
  if (frame.otherFaces && frame.otherFaces.length > 0) kept.otherFaces = frame.otherFaces.map(({ trackId, prediction }) => ({ trackId, prediction }));
  return kept;
}

/**
 * The session without landmarks, its media, and where each face was in each frame (FaceBoxes: boxes and the track
 * census over the landmarks, so the replay names the faces as the export does).
 */
export async function loadReplaySession(ctx: StoreContext, id: string): Promise<{ session: SessionRecord; media: Blob; faces: FaceBoxes }> {
  try {
    const { session: header, meta } = await readSessionHeader(ctx.db, ctx.sessionRange(id), id);
    const frames: FrameRecord[] = [];
    const faces = new FaceBoxes();
    for await (const batch of readFrameBatches(ctx.db, ctx.keyRange, id)) {
      for (const frame of batch) {
        faces.add(frame);
        frames.push(replayFrame(frame));
      }
    }
    const parts: Blob[] = [];
    let pending: Uint8Array<ArrayBuffer>[] = [];
    for await (const chunk of readMediaChunks(ctx.db, ctx.keyRange, id, MEDIA_CHUNKS_PER_PART)) {
      pending.push(chunk as Uint8Array<ArrayBuffer>);
      if (pending.length === MEDIA_CHUNKS_PER_PART) {
        parts.push(new Blob(pending));
        pending = [];
      }
    }
    if (pending.length > 0) parts.push(new Blob(pending));
    // The header is checked here; the frames were checked when they were written (inputs.ts), and checking them
    // again would copy every one.
    const session = validateSessionRecord({ ...header, frames: [] }, 'internal', `stored session "${meta.name}"`);
    session.frames = frames;
    return { session, media: new Blob(parts, { type: meta.mimeType }), faces };
  } catch (error) {
    throw storageErrorFrom(error, { kind: 'read' });
  }
}
