/**
 * importSessionZip for zips too large to hold: the zip is read by byte ranges (ZipSource), the media and
 * the frames are handed to a sink as they are inflated, and the media's SHA-256 is computed as it
 * passes. Every check of importSessionZip runs, in the same order and with the same messages; the
 * checks that need the data (SHA-256, frames) fail after the sink has received part of it, so the
 * caller must discard what the sink stored when this rejects.
 */
import { concatBytes } from '../bytes';
import { AffectscopeError } from '../errors';
import { Sha256, type StreamingHash } from './sha256';
import { MANIFEST_FILE } from './zip-export';
import type { FrameRecord, SessionRecord } from './types';
import { readEntry, streamFrames } from './zip-import-frames';
import {
  checkEntries,
  checkManifest,
  checkMedia,
  formatBytes,
  invalid,
  parseManifest,
  requiredEntry,
  shaMismatch,
  validateSessionImportLimits,
  type SessionImportLimits,
} from './zip-import';
import { entryChunks, readZipDirectoryFrom, type ZipEntry, type ZipSource } from './zip-reader';

/** Where a streamed import puts the session; each call is awaited before the next. */
export interface SessionImportSink {
  /**
   * once the manifest and the entries are checked, before any media or frame; `session.frames` is empty.
   * `declaredBytes`: the media's and the frames' unpacked sizes as the zip's directory declares them (what storing
   * the session needs, about), for a sink to refuse at once what cannot fit.
   */
  begin(session: SessionRecord, frameCount: number, declaredBytes: number): Promise<void>;
  /** the media file, a piece at a time, in order */
  media(bytes: Uint8Array): Promise<void>;
  /** validated frames, in order, framesPerBatch at a time */
  frames(batch: FrameRecord[]): Promise<void>;
}

export interface StreamedImport {
  /** the session without its frames (they went to the sink), media.sha256 checked */
  session: SessionRecord;
  frameCount: number;
}

/** Frames handed to the sink at a time. */
export const IMPORT_FRAMES_PER_BATCH = 1024;

async function wholeEntry(source: ZipSource, entry: ZipEntry): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  await readEntry(entry, async () => {
    for await (const part of entryChunks(source, entry)) parts.push(part);
  });
  return concatBytes(parts);
}

/**
 * A session zip of any supported format, streamed from `source` into `sink`. Rejects as importSessionZip does.
 * `createHash`: where the media's SHA-256 runs (default this thread; the app passes a worker's).
 */
export async function importSessionZipStream(
  source: ZipSource,
  sink: SessionImportSink,
  limits: Partial<SessionImportLimits> = {},
  framesPerBatch = IMPORT_FRAMES_PER_BATCH,
  createHash: () => StreamingHash = () => new Sha256(),
): Promise<StreamedImport> {
  const checked = validateSessionImportLimits(limits);
  if (source.size > checked.maxTotalBytes) {
    throw new AffectscopeError('import-too-large', `the file is ${formatBytes(source.size)}; at most ${formatBytes(checked.maxTotalBytes)} can be imported`);
  }
  let entries: ZipEntry[];
  try {
    entries = await readZipDirectoryFrom(source);
  } catch (error) {
    throw invalid(`this is not a zip file or it is truncated (${(error as Error).message})`, error);
  }
  checkEntries(entries, source.size, checked);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const manifestEntry = byName.get(MANIFEST_FILE);
  const manifestBytes = manifestEntry ? await wholeEntry(source, manifestEntry) : new Uint8Array(0);
  const manifest = checkManifest(parseManifest(byName, () => manifestBytes));
  const { session, frameCount, frameFiles } = manifest;
  const mediaEntry = checkMedia(session, byName);
  const frameEntries = frameFiles && { records: requiredEntry(byName, frameFiles.records), landmarks: requiredEntry(byName, frameFiles.landmarks) };

  const inlineFrames = session.frames;
  // inline frames (format 1) are the manifest's bulk
  const frameBytes = frameEntries ? frameEntries.records.originalSize + frameEntries.landmarks.originalSize : (manifestEntry?.originalSize ?? 0);
  await sink.begin({ ...session, frames: [] }, frameCount, mediaEntry.originalSize + frameBytes);
  const sha = createHash();
  try {
    const pieces = entryChunks(source, mediaEntry);
    for (;;) {
      // only the zip's own failures are "corrupt"; the sink's and the hash's pass as they are
      const next = await readEntry(mediaEntry, () => pieces.next());
      if (next.done) break;
      await sha.update(next.value);
      await sink.media(next.value);
    }
    if ((await sha.digestHex()) !== session.media.sha256) throw shaMismatch(mediaEntry.name);
  } finally {
    sha.dispose?.();
  }
  if (frameFiles && frameEntries) {
    for await (const batch of streamFrames(source, session, frameCount, frameFiles, frameEntries, framesPerBatch)) await sink.frames(batch);
  } else {
    for (let i = 0; i < inlineFrames.length; i += framesPerBatch) await sink.frames(inlineFrames.slice(i, i + framesPerBatch));
  }
  return { session: { ...session, frames: [] }, frameCount };
}
