/**
 * A file analysis written into the session library as it goes, as a recording is (SessionStore's recording
 * methods): the session starts in state 'recording' with the whole file as its media, then every batch of frames
 * is one small transaction. A closed tab, a crash or a full disk loses at most the last batch: the next start's
 * recoverInterrupted (or abandon() here, on failure) closes the session as 'recovered' with the frames written.
 *
 * The file's bytes go in first, in chunks read one at a time, because a session is only replayable (and a
 * recovered one only keeps its frames, which must lie within its saved media) with its media whole; the file is
 * on the user's disk already, so copying it costs seconds, not memory.
 */
import type { FrameRecord } from '../../core/session';
import type { SessionStore } from '../../io/session-store';
import type { VideoFileInfo } from '../../io/video-file';
import type { ModelSummary } from '../../workers/protocol';
import { sessionModel } from '../pipeline/recording';
import type { FileAnalysisResult } from './analysis';
import type { FileAnalysisSink } from './frame-writer';
import { containerSource, fileSessionName, fileSource } from './outputs';

/** Bytes of the file per media chunk record: one chunk is read into memory at a time. */
export const MEDIA_CHUNK_BYTES = 8 * 1024 * 1024;

export class LibrarySink implements FileAnalysisSink {
  /** the library session, once begin() created it */
  sessionId: string | null = null;

  constructor(
    private readonly store: SessionStore,
    private readonly file: Blob,
    private readonly createdAtIso: string,
    private readonly mediaChunkBytes = MEDIA_CHUNK_BYTES,
  ) {}

  async begin(info: VideoFileInfo, model: ModelSummary): Promise<void> {
    const id = await this.store.beginSession({
      name: fileSessionName(info.fileName, this.createdAtIso),
      createdAtIso: this.createdAtIso,
      mimeType: info.mimeType,
      model: sessionModel(model),
      source: containerSource(info),
    });
    try {
      const size = this.file.size;
      for (let offset = 0; offset < size; offset += this.mediaChunkBytes) {
        const end = Math.min(size, offset + this.mediaChunkBytes);
        // Media time is the file's own: the media is whole (its duration) only with its last chunk.
        await this.store.appendMediaChunk(id, this.file.slice(offset, end), end === size ? info.durationMs : 0);
      }
    } catch (error) {
      // Half a file is no session: nothing of it is kept.
      await this.store.delete(id).catch(() => undefined);
      throw error;
    }
    this.sessionId = id;
  }

  write(frames: FrameRecord[]): Promise<void> {
    return this.store.appendFrames(this.id(), frames);
  }

  truncate(fromMediaTimeMs: number): Promise<void> {
    return this.store.truncateFrames(this.id(), fromMediaTimeMs);
  }

  /** The analysis is complete: the session too, with the file's exact frame times when every frame was analysed. */
  async finish(result: FileAnalysisResult): Promise<string> {
    const lastFrameMs = result.analysedFrames.lastMs ?? 0;
    await this.store.finishSession(this.id(), Math.max(result.info.durationMs, lastFrameMs), fileSource(result));
    return this.id();
  }

  /**
   * The analysis stopped before the end (stopped, failed, the disk filled up): the session keeps the frames
   * written, as 'recovered', as the next start's recovery would leave it. Resolves with its id, or null when none began.
   */
  async abandon(): Promise<string | null> {
    if (this.sessionId === null) return null;
    await this.store.abandonRecording(this.sessionId).catch(() => undefined);
    return this.sessionId;
  }

  private id(): string {
    if (this.sessionId === null) throw new Error('LibrarySink: begin() has not finished');
    return this.sessionId;
  }
}
