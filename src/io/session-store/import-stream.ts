/**
 * A session streamed into the store (importSessionZipStream's sink): created as a recording when the
 * import begins, media and frames appended in small transactions as they are unpacked, completed at the
 * end, and deleted if anything fails (a full disk too, reported as the import's failure: context.ts markImport),
 * so a refused import leaves the library as it was. A tab closed mid-import leaves it 'recording'; the next
 * start's recoverInterrupted closes it as 'recovered'.
 */
import type { AnnotationTrack, FrameRecord, SessionImportSink, SessionRecord } from '../../core/session';
import { checkImportFits } from './errors';
import type { StorageEstimate } from './library';
import { newRecordingMeta, type SessionMetaRecord, type SessionSummary } from './schema';

/** The store operations an import uses (SessionStore's, bound to it). */
export interface ImportStreamDeps {
  /** adds the session (state 'recording', locked) with its annotation tracks; 'session-exists' if its id is taken */
  create(meta: SessionMetaRecord, tracks: AnnotationTrack[]): Promise<void>;
  /** the site's storage use and quota (null: the browser does not say) */
  estimate(): Promise<StorageEstimate | null>;
  appendMedia(id: string, bytes: Uint8Array): Promise<void>;
  appendFrames(id: string, frames: FrameRecord[]): Promise<void>;
  finish(id: string, durationMs: number): Promise<SessionSummary>;
  remove(id: string): Promise<void>;
}

/** Calls `feed` with a sink that writes to the store; returns the stored session's summary once `feed` resolved. */
export async function importStream(deps: ImportStreamDeps, nowIso: string, feed: (sink: SessionImportSink) => Promise<unknown>): Promise<SessionSummary> {
  let begun: SessionRecord | null = null;
  const sink: SessionImportSink = {
    begin: async (session, _frameCount, declaredBytes) => {
      // refused at once, not after minutes of unpacking, when the zip's own sizes already exceed the free space
      checkImportFits(session.name, declaredBytes, await deps.estimate());
      await deps.create(newRecordingMeta(session, nowIso), session.annotations);
      begun = session;
    },
    media: (bytes) => deps.appendMedia(begun!.id, bytes),
    frames: (batch) => deps.appendFrames(begun!.id, batch),
  };
  try {
    await feed(sink);
    if (begun === null) throw new Error('the import ended without beginning a session');
    const session: SessionRecord = begun;
    return await deps.finish(session.id, session.durationMs);
  } catch (error) {
    // The import's own error is what the user needs; should the clean-up fail too, the next start recovers the partial session.
    if (begun !== null) await deps.remove((begun as SessionRecord).id).catch(() => undefined);
    throw error;
  }
}
