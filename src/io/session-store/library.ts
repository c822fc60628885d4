/** The library's reads and edits of stored sessions: list, rename, delete, load, annotation tracks, storage estimate. */
import { AffectscopeError } from '../../core/errors';
import { validateSessionRecord, type AnnotationKind, type AnnotationTrack, type SessionRecord } from '../../core/session';
import { sessionRecordOf } from './batches';
import type { StoreContext } from './context';
import { sessionMissing, storageUnavailable } from './errors';
import { validTrack } from './inputs';
import { ALL_STORES, ANNOTATIONS, FRAME_CHUNKS, MEDIA_CHUNKS, SESSIONS, sortNewestFirst, summaryOf, annotationKey, annotationRecordOf, type AnnotationRecord, type FrameChunkRecord, type MediaChunkRecord, type SessionMetaRecord, type SessionSummary } from './schema';

/** Storage used by this site and the most it may use, bytes (navigator.storage.estimate). */
export interface StorageEstimate {
  usedBytes: number;
  quotaBytes: number;
}

/** Every session, newest first. */
export async function list(ctx: StoreContext): Promise<SessionSummary[]> {
  const all = await ctx.run([SESSIONS], 'readonly', { kind: 'read' }, (scope) => {
    let result: SessionMetaRecord[] = [];
    scope.on(scope.store(SESSIONS).getAll() as IDBRequest<SessionMetaRecord[]>, (records) => (result = records));
    return () => result.map(summaryOf);
  });
  return sortNewestFirst(all);
}

export async function rename(ctx: StoreContext, id: string, name: string): Promise<SessionSummary> {
  if (typeof name !== 'string' || name.trim().length === 0) {
    throw new AffectscopeError('invalid-options', `name: expected a non-empty string, got ${JSON.stringify(name)}`);
  }
  return summaryOf(await ctx.update(id, [], { kind: 'write', what: 'the new name' }, (meta) => ({ ...meta, name: name.trim() })));
}

/** Removes the session with its media, frames and annotations, in one transaction; ends this tab's recording of it. */
export async function deleteSession(ctx: StoreContext, id: string): Promise<void> {
  await ctx.run(ALL_STORES, 'readwrite', { kind: 'write', what: 'the deletion' }, (scope) => {
    scope.on(scope.store(SESSIONS).get(id), (meta) => {
      if (meta === undefined) throw sessionMissing(id);
      scope.store(SESSIONS).delete(id);
      for (const name of [MEDIA_CHUNKS, FRAME_CHUNKS, ANNOTATIONS]) scope.store(name).delete(ctx.sessionRange(id));
    });
    return () => undefined;
  });
  ctx.endRecording(id);
}

/** The stored session as the core format (validated; annotation tracks by annotator, then kind) and its media file, chunks in order. */
export async function loadSession(ctx: StoreContext, id: string): Promise<{ session: SessionRecord; media: Blob; summary: SessionSummary }> {
  const parts = await ctx.run(ALL_STORES, 'readonly', { kind: 'read' }, (scope) => {
    let meta: SessionMetaRecord | undefined;
    let media: MediaChunkRecord[] = [];
    let frames: FrameChunkRecord[] = [];
    let annotations: AnnotationRecord[] = [];
    const range = ctx.sessionRange(id);
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

/** Stores `track`, replacing the session's track of the same annotator, kind and face. */
export async function saveAnnotationTrack(ctx: StoreContext, id: string, track: AnnotationTrack): Promise<void> {
  const record = annotationRecordOf(id, validTrack(track));
  await ctx.update(id, [ANNOTATIONS], { kind: 'write', what: 'the annotation track' }, (meta, scope) => {
    scope.store(ANNOTATIONS).put(record);
    return meta;
  });
}

/** Deletes the session's track of `annotator`, `kind` and `face` (null: the track of each frame's largest face). */
export async function deleteAnnotationTrack(ctx: StoreContext, id: string, annotator: string, kind: AnnotationKind, face: number | null): Promise<void> {
  await ctx.update(id, [ANNOTATIONS], { kind: 'write', what: 'the deletion' }, (meta, scope) => {
    scope.store(ANNOTATIONS).delete(annotationKey(id, annotator, kind, face));
    return meta;
  });
}

/** Bytes used by this site and its quota, or null where the browser does not say. */
export async function estimate(ctx: StoreContext): Promise<StorageEstimate | null> {
  const storage = ctx.storage;
  if (storage === null || typeof storage.estimate !== 'function') return null;
  let estimate: StorageEstimate;
  try {
    const { usage, quota } = await storage.estimate();
    estimate = { usedBytes: usage ?? 0, quotaBytes: quota ?? 0 };
  } catch (error) {
    throw storageUnavailable(error);
  }
  return estimate;
}
