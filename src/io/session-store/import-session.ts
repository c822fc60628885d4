/** Storing sessions that come from elsewhere (a session zip): all at once, or created first for a streamed import (import-stream.ts). */
import { AffectscopeError } from '../../core/errors';
import { validateSessionRecord, type AnnotationTrack, type FrameRecord, type SessionRecord } from '../../core/session';
import { addNewSession, type StoreContext } from './context';
import { toArrayBuffer, validTrack } from './inputs';
import { ALL_STORES, ANNOTATIONS, FRAME_CHUNKS, MEDIA_CHUNKS, SESSIONS, annotationRecordOf, newRecordingMeta, summaryOf, type FrameChunkRecord, type MediaChunkRecord, type SessionMetaRecord, type SessionSummary } from './schema';
import type { TransactionScope } from './transact';

/** Frames per frameChunks record when a whole session is imported at once. */
const IMPORT_FRAMES_PER_CHUNK = 256;

/** Stores an imported session in one transaction: all of it or, if anything fails or its id is taken ('session-exists'), nothing. */
export async function importSession(ctx: StoreContext, session: SessionRecord, mediaBytes: Blob | ArrayBuffer | ArrayBufferView): Promise<SessionSummary> {
  const clean = validateSessionRecord(session, 'import-invalid', 'imported session');
  const data = await toArrayBuffer(mediaBytes);
  if (data.byteLength !== clean.media.byteLength) {
    throw new AffectscopeError('import-invalid', `imported session: media: expected ${clean.media.byteLength} bytes, got ${data.byteLength}`);
  }
  const frameChunks: FrameRecord[][] = [];
  for (let i = 0; i < clean.frames.length; i += IMPORT_FRAMES_PER_CHUNK) frameChunks.push(clean.frames.slice(i, i + IMPORT_FRAMES_PER_CHUNK));
  const id = clean.id;
  const meta: SessionMetaRecord = {
    ...newRecordingMeta(clean, ctx.nowIso()),
    state: 'complete',
    durationMs: clean.durationMs,
    byteLength: data.byteLength,
    frameCount: clean.frames.length,
    mediaChunkCount: 1,
    frameChunkCount: frameChunks.length,
    lastFrameTimeMs: clean.frames.at(-1)?.mediaTimeMs ?? 0,
  };
  await ctx.run(ALL_STORES, 'readwrite', { kind: 'write', what: 'the imported session' }, (scope) => {
    addNewSession(scope, meta, () => {
      const media: MediaChunkRecord = { sessionId: id, index: 0, data, byteLength: data.byteLength, endMediaTimeMs: clean.durationMs };
      scope.store(MEDIA_CHUNKS).add(media);
      frameChunks.forEach((frames, index) => scope.store(FRAME_CHUNKS).add({ sessionId: id, index, frames } satisfies FrameChunkRecord));
      addTracks(scope, id, clean.annotations);
    });
    return () => undefined;
  });
  return summaryOf(meta);
}

/** Adds a streamed import's metadata (state 'recording', locked as beginSession does) and its annotation tracks; its later writes fail as an import's. */
export async function createImported(ctx: StoreContext, meta: SessionMetaRecord, tracks: AnnotationTrack[]): Promise<void> {
  const clean = tracks.map(validTrack);
  await ctx.startRecording(meta.id, () =>
    ctx.run([SESSIONS, ANNOTATIONS], 'readwrite', { kind: 'import', sessionName: meta.name }, (scope) => {
      addNewSession(scope, meta, () => addTracks(scope, meta.id, clean));
      return () => undefined;
    }),
  );
  ctx.markImport(meta.id, meta.name);
}

function addTracks(scope: TransactionScope, sessionId: string, tracks: AnnotationTrack[]): void {
  for (const track of tracks) scope.store(ANNOTATIONS).add(annotationRecordOf(sessionId, track));
}
