/**
 * Reading a stored session a bounded piece at a time, for exports of sessions too large to hold: the
 * frame chunks and media chunks by key range, `count` records per transaction.
 */
import type { AnnotationTrack, FrameRecord, SessionRecord } from '../../core/session';
import { sessionMissing } from './errors';
import { ANNOTATIONS, FRAME_CHUNKS, MEDIA_CHUNKS, SESSIONS, type AnnotationRecord, type FrameChunkRecord, type MediaChunkRecord, type SessionMetaRecord } from './schema';
import { transact } from './transact';

/** Frame chunks (~1 s of frames each when recorded) read per transaction by default. */
export const FRAME_CHUNKS_PER_READ = 16;
/** Media chunks read per transaction by default (a recorded chunk is ~1 s; an imported one ≤ 1 MiB). */
export const MEDIA_CHUNKS_PER_READ = 4;

/** Records of `store` with keys [id, index] from `fromIndex` on, at most `count`. */
function readRange<T>(db: IDBDatabase, keyRange: typeof IDBKeyRange, store: string, id: string, fromIndex: number, count: number): Promise<T[]> {
  return transact(db, [store], 'readonly', (scope) => {
    let records: T[] = [];
    scope.on(scope.store(store).getAll(keyRange.bound([id, fromIndex], [id, []]), count) as IDBRequest<T[]>, (r) => (records = r));
    return () => records;
  });
}

/** Every `FrameChunkRecord` of the session in index order, `count` chunks per read; yields their frames. */
export async function* readFrameBatches(db: IDBDatabase, keyRange: typeof IDBKeyRange, id: string, count = FRAME_CHUNKS_PER_READ): AsyncGenerator<FrameRecord[]> {
  for (let next = 0; ; ) {
    const chunks = await readRange<FrameChunkRecord>(db, keyRange, FRAME_CHUNKS, id, next, count);
    if (chunks.length === 0) return;
    yield chunks.flatMap((c) => c.frames);
    next = chunks[chunks.length - 1].index + 1;
  }
}

/** The session's media file in order, `count` chunks per read, one chunk per yield. */
export async function* readMediaChunks(db: IDBDatabase, keyRange: typeof IDBKeyRange, id: string, count = MEDIA_CHUNKS_PER_READ): AsyncGenerator<Uint8Array> {
  for (let next = 0; ; ) {
    const chunks = await readRange<MediaChunkRecord>(db, keyRange, MEDIA_CHUNKS, id, next, count);
    if (chunks.length === 0) return;
    for (const chunk of chunks) yield new Uint8Array(chunk.data);
    next = chunks[chunks.length - 1].index + 1;
  }
}

/** The session's metadata and annotations as a SessionRecord with no frames (not validated), and the stored metadata. */
export function readSessionHeader(db: IDBDatabase, range: IDBKeyRange, id: string): Promise<{ session: SessionRecord; meta: SessionMetaRecord }> {
  return transact(db, [SESSIONS, ANNOTATIONS], 'readonly', (scope) => {
    let meta: SessionMetaRecord | undefined;
    let annotations: AnnotationRecord[] = [];
    scope.on(scope.store(SESSIONS).get(id), (m: SessionMetaRecord | undefined) => {
      if (m === undefined) throw sessionMissing(id);
      meta = m;
    });
    scope.on(scope.store(ANNOTATIONS).getAll(range), (r) => (annotations = r));
    return () => ({ session: sessionRecordOf(meta!, [], annotations.map((a) => a.track)), meta: meta! });
  });
}

/** The stored metadata, frames and tracks as a SessionRecord (not validated). */
export function sessionRecordOf(meta: SessionMetaRecord, frames: FrameRecord[], annotations: AnnotationTrack[]): SessionRecord {
  const session: SessionRecord = {
    id: meta.id,
    name: meta.name,
    createdAtIso: meta.createdAtIso,
    durationMs: meta.durationMs,
    media: { mimeType: meta.mimeType, byteLength: meta.byteLength },
    model: meta.model,
    frames,
    annotations,
  };
  if (meta.source !== undefined) session.source = meta.source;
  return session;
}
