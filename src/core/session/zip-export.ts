import { concatBytes } from '../bytes';
import { AffectscopeError } from '../errors';
import { ABAW_TASKS, writeAbawTrack } from './abaw';
import { validateFrameTimes } from './align';
import { mediaFileName, safeFileStem, uniqueFileStems } from './file-names';
import { TrackCensus, framesOfTrack } from './face-tracks';
import { frameRow, landmarkBytes, landmarkCount, LANDMARK_DECIMALS, LANDMARKS_FILE, PREDICTIONS_JSON_FILE, type LandmarkCount } from './frame-rows';
import { annotationOnFrames, predictionsOnFrames, predictionTracks, type FrameTrack } from './frame-tables';
import { serializeSession } from './restore';
import { Sha256 } from './sha256';
import {
  annotationCsv,
  annotationJson,
  frameTrackCsvHeader,
  frameTrackCsvRow,
  frameTrackJsonRow,
  predictionsCsvRows,
  PREDICTIONS_CSV_HEADER,
} from './tables';
import { SESSION_FILE_VERSION, type AnnotationTrack, type FrameRecord, type SessionFile, type SessionRecord } from './types';
import { validateSessionRecord } from './validate';
import { StreamingZipWriter } from './zip-writer';

export interface SessionExportOptions {
  /** this app's version; the manifest's source becomes "affectscope <appVersion>" */
  appVersion: string;
  /** the media's video frame times, one per frame, strictly increasing, ms on the media clock; the ABAW files get one row per entry */
  videoFrameTimesMs: ArrayLike<number>;
  /**
   * a predicted AU counts as present in the ABAW file when its probability is ≥ this (one for all, or one per AU);
   * default: the session's model's actionUnitThresholds, else 0.5
   */
  auThreshold?: number | readonly number[];
  /** the longest gap between two samples bridged onto the frames between them, ms; default DEFAULT_MAX_GAP_MS (200) */
  maxGapMs?: number;
}

/** Where a streamed export reads the session from (e.g. the store, a batch at a time). */
export interface SessionExportSource {
  /** the session's metadata and annotations; its `frames` are ignored (they come from frameBatches) */
  session: SessionRecord;
  /** the frames, sorted by mediaTimeMs, a batch at a time; iterated once */
  frameBatches: AsyncIterable<readonly FrameRecord[]> | Iterable<readonly FrameRecord[]>;
  /** the media file's bytes in order; iterated once */
  mediaChunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

/** What a streamed export wrote. */
export interface SessionExportStats {
  zipBytes: number;
  frameCount: number;
  mediaBytes: number;
  /** most frame records the exporter held with their landmarks at once (one batch) */
  maxBatchFrames: number;
}

export const MANIFEST_FILE = 'manifest.json';
/** the stem of the model's files under abaw/; annotators get other stems */
export const PREDICTIONS_STEM = 'predictions';
/**
 * landmarks.f32 is stored, not deflated: Float32 landmarks deflate by only ~20 % (measured on smooth 5-decimal
 * tracks) at ~5 MB/s with fflate, i.e. minutes for a 2-hour session's 826 MB.
 */
const LANDMARKS_LEVEL = 0;
/** rows of a derived table deflated per step (between two hand-offs to the sink) */
const ROWS_PER_STEP = 4096;

/** fflate writes DOS times, which start in 1980; the session's creation time is used so that output is reproducible. */
function zipTime(createdAtIso: string): Date {
  const ms = Date.parse(createdAtIso);
  return new Date(Math.min(Math.max(ms, Date.UTC(1980, 0, 2)), Date.UTC(2099, 11, 30)));
}

/**
 * The export as steps a driver calls in order: media chunks, frame batches, then the steps of finish().
 * Each step only appends to the zip (via `emit`), so a driver can hand the bytes on between steps.
 */
class SessionZipExport {
  private readonly zip: StreamingZipWriter;
  private readonly file: SessionFile;
  private readonly sha = new Sha256();
  private mediaBytes = 0;
  private mediaOpen = false;
  private landmarksOpen = false;
  private landmarkValues = 0;
  private lastFrameMs = 0;
  /** frames without landmarks (theirs or their other faces'), kept for the tables */
  private readonly slim: FrameRecord[] = [];
  /** landmarkCounts[i]: the landmark values of frame i's own face in landmarks.f32 */
  private readonly landmarkCounts: LandmarkCount[] = [];
  /** the other faces' landmark counts of the frames that have other faces, by frame index */
  private readonly otherLandmarkCounts = new Map<number, LandmarkCount[]>();
  private readonly census = new TrackCensus();
  maxBatchFrames = 0;

  constructor(
    session: SessionRecord,
    private readonly options: SessionExportOptions,
    emit: (bytes: Uint8Array) => void,
  ) {
    this.file = serializeSession({ ...session, frames: [] }, options.appVersion);
    validateFrameTimes(options.videoFrameTimesMs);
    this.zip = new StreamingZipWriter(zipTime(this.file.session.createdAtIso), emit);
  }

  get bytesWritten(): number {
    return this.zip.bytesWritten;
  }

  get frameCount(): number {
    return this.slim.length;
  }

  get mediaByteCount(): number {
    return this.mediaBytes;
  }

  /** The next piece of the media file: stored, not recompressed (it is already compressed, and import can stream it out). */
  media(chunk: Uint8Array): void {
    if (!this.mediaOpen) this.zip.open(mediaFileName(this.file.session.media.mimeType), 0);
    this.mediaOpen = true;
    this.sha.update(chunk);
    this.mediaBytes += chunk.length;
    this.zip.write(chunk);
  }

  /** Ends the media; checks its size and, where the session gives one, its SHA-256. */
  endMedia(): void {
    const media = this.file.session.media;
    if (!this.mediaOpen) this.zip.open(mediaFileName(media.mimeType), 0);
    this.zip.close();
    if (this.mediaBytes !== media.byteLength) {
      throw new AffectscopeError('invalid-options', `media: expected ${media.byteLength} bytes (session.media.byteLength), got ${this.mediaBytes}`);
    }
    const sha256 = this.sha.digestHex();
    if (media.sha256 !== undefined && media.sha256 !== sha256) {
      throw new AffectscopeError('invalid-options', `media: expected SHA-256 ${media.sha256} (session.media.sha256), got ${sha256}`);
    }
    media.sha256 = sha256;
  }

  /** The next frames (validated); their landmarks go to landmarks.f32 at once, the rest is kept for the tables. */
  frames(batch: readonly FrameRecord[]): void {
    if (!this.landmarksOpen) this.zip.open(LANDMARKS_FILE, LANDMARKS_LEVEL);
    this.landmarksOpen = true;
    if (batch.length === 0) return;
    this.maxBatchFrames = Math.max(this.maxBatchFrames, batch.length);
    const clean = validateSessionRecord({ ...this.file.session, frames: batch, annotations: [] }, 'invalid-options', 'session to export').frames;
    if (clean[0].mediaTimeMs < this.lastFrameMs) {
      throw new AffectscopeError('invalid-options', `frames: expected mediaTimeMs ≥ the previous batch's last ${this.lastFrameMs} ms, got ${clean[0].mediaTimeMs}`);
    }
    this.lastFrameMs = clean[clean.length - 1].mediaTimeMs;
    const bytes = landmarkBytes(clean);
    this.landmarkValues += bytes.length / 4;
    this.zip.write(bytes);
    for (const f of clean) {
      this.census.add(f);
      const slim: FrameRecord = { mediaTimeMs: f.mediaTimeMs, faceFound: f.faceFound, prediction: f.prediction };
      if (f.trackId !== undefined) slim.trackId = f.trackId;
      if (f.otherFaces !== undefined) {
        slim.otherFaces = f.otherFaces.map(({ trackId, prediction }) => ({ trackId, prediction }));
        this.otherLandmarkCounts.set(this.slim.length, f.otherFaces.map((face) => landmarkCount(face.landmarks)));
      }
      this.slim.push(slim);
      this.landmarkCounts.push(landmarkCount(f.landmarks));
    }
  }

  private row(i: number): string {
    return JSON.stringify(frameRow(this.slim[i], { primary: this.landmarkCounts[i], others: this.otherLandmarkCounts.get(i) ?? [] }));
  }

  /** Everything after the frames, one bounded step per yield: predictions, annotations, the per-frame files, manifest.json. */
  *finish(): Generator<void> {
    if (!this.landmarksOpen) this.zip.open(LANDMARKS_FILE, LANDMARKS_LEVEL);
    this.zip.close();
    const frames = this.slim;
    yield* this.rows(PREDICTIONS_JSON_FILE, frames.length, (i) => this.row(i), { head: '[\n', separator: ',\n', tail: '\n]\n' });
    yield* this.rows('predictions.csv', frames.length, (i) => predictionsCsvRows(frames[i]), CSV(PREDICTIONS_CSV_HEADER));

    const { options } = this;
    const frameTimes = options.videoFrameTimesMs;
    const session = this.file.session;
    const streams = this.modelStreams();
    const faceNames = this.faceNames();
    const stems = annotationStems(session.annotations, faceNames, [PREDICTIONS_STEM, ...streams.map(([stem]) => stem)]);
    // One stream's tables at a time (~40 MB for two hours at 30 fps), written before the next one is made.
    for (const [stem, trackFrames] of streams) {
      const tables = predictionsOnFrames(trackFrames(), frameTimes, options.auThreshold ?? session.model.actionUnitThresholds, options.maxGapMs);
      yield;
      for (const track of predictionTracks(tables)) yield* this.onFrames(stem, track);
    }
    for (const track of session.annotations) {
      const stem = stems(track);
      this.zip.file(`annotations/${stem}_${track.kind}.csv`, annotationCsv(track));
      this.zip.file(`annotations/${stem}_${track.kind}.json`, annotationJson(track));
      yield;
      yield* this.onFrames(stem, annotationOnFrames(track, frameTimes, options.maxGapMs));
    }
    const tracks = this.census.tracks;
    if (this.census.severalFaces) {
      this.file.tracks = tracks.map(({ trackId, frames: count, firstMs, lastMs }) => ({ trackId, name: faceNames.get(trackId)!, frames: count, firstMs, lastMs }));
    }
    this.file.frameCount = frames.length;
    this.file.frameFiles = { records: PREDICTIONS_JSON_FILE, landmarks: LANDMARKS_FILE, landmarkValueCount: this.landmarkValues, landmarkDecimals: LANDMARK_DECIMALS };
    this.zip.file(MANIFEST_FILE, JSON.stringify(this.file));
    this.zip.end();
  }

  /**
   * The model's streams for the abaw/ and frames/ files, each with its frames made on demand: `predictions`, each
   * frame's primary (largest) face, always; and when the session had several people, one per track,
   * `predictions_<name>` (face-tracks.ts).
   */
  private modelStreams(): Array<[string, () => readonly FrameRecord[]]> {
    const streams: Array<[string, () => readonly FrameRecord[]]> = [[PREDICTIONS_STEM, () => this.slim]];
    if (!this.census.severalFaces) return streams;
    const names = this.faceNames();
    for (const { trackId } of this.census.tracks) streams.push([`${PREDICTIONS_STEM}_${names.get(trackId)}`, () => framesOfTrack(this.slim, trackId)]);
    return streams;
  }

  /** The export's name of each track (face-tracks.ts): left/right or track<id> when the session had several people. */
  private faceNames(): ReadonlyMap<number, string> {
    return this.census.severalFaces ? this.census.names() : new Map();
  }

  /** A stream's ABAW file and its per-frame CSV and JSON. */
  private *onFrames(stem: string, track: FrameTrack): Generator<void> {
    const frameTimes = this.options.videoFrameTimesMs;
    const n = frameTimes.length;
    this.zip.file(`abaw/${stem}_${ABAW_TASKS[track.kind]}.txt`, writeAbawTrack(track));
    yield;
    yield* this.rows(`frames/${stem}_${track.kind}.csv`, n, (k) => frameTrackCsvRow(track, frameTimes, k), CSV(frameTrackCsvHeader(track.kind)));
    yield* this.rows(`frames/${stem}_${track.kind}.json`, n, (k) => JSON.stringify(frameTrackJsonRow(track, frameTimes, k)), { head: '[', separator: ',', tail: ']' });
  }

  /** An entry of `count` rows: head, the rows each preceded by `before` and separated by `separator`, tail; ROWS_PER_STEP rows a step. */
  private *rows(name: string, count: number, row: (i: number) => string, layout: RowLayout): Generator<void> {
    this.zip.open(name, 6);
    this.zip.write(layout.head);
    for (let start = 0; start < count; start += ROWS_PER_STEP) {
      const parts: string[] = [];
      for (let i = start; i < Math.min(count, start + ROWS_PER_STEP); i++) parts.push((layout.before ?? '') + row(i));
      this.zip.write((start > 0 ? layout.separator : '') + parts.join(layout.separator));
      yield;
    }
    this.zip.write(layout.tail);
    this.zip.close();
    yield;
  }
}

/**
 * The file stem of each annotation track: the annotator's name, made safe, and for a track of one face of a session
 * with several people that face's name ("Ann_left", "Ann_track3"; a face the session's census did not name is
 * `track<id>`); distinct from `reserved` and from each other (uniqueFileStems).
 */
function annotationStems(tracks: readonly AnnotationTrack[], faceNames: ReadonlyMap<number, string>, reserved: readonly string[]): (track: AnnotationTrack) => string {
  const faceSuffix = (face: number | undefined) => (face === undefined ? '' : `_${faceNames.get(face) ?? `track${face}`}`);
  const keyOf = (track: AnnotationTrack) => `${faceSuffix(track.face)}\u0000${track.annotator}`;
  const stems = uniqueFileStems(tracks.map(keyOf), reserved, (key) => {
    const [suffix, annotator] = key.split('\u0000');
    return safeFileStem(annotator) + suffix;
  });
  return (track) => stems.get(keyOf(track))!;
}

interface RowLayout {
  head: string;
  before?: string;
  separator: string;
  tail: string;
}

/** "header\nrow\nrow\n", as the whole-string CSV writers in tables.ts make it */
const CSV = (header: string): RowLayout => ({ head: header, before: '\n', separator: '', tail: '\n' });

/**
 * One zip per session, streamed: the zip's bytes go to `sink` as they are made, and the frames are read
 * a batch at a time, so a 2-hour session (216,000 frames, 956 landmark values each) never becomes one
 * string. The zip (format version SESSION_FILE_VERSION) holds the media as stored (no recompression),
 * landmarks.f32 (every frame's landmarks, little-endian Float32, stored, see frame-rows.ts), predictions.json
 * (one row per frame, the lossless source of the frames on import) and predictions.csv,
 * annotations/<annotator>_<kind>.csv/json, and on the video's frames (frame-tables.ts)
 * abaw/<stem>_{VA_Estimation,EXPR_Recognition,AU_Detection}.txt (abaw.ts) and frames/<stem>_<kind>.csv/json,
 * the model's stem being `predictions` (each frame's largest face) and, when the session had several people, also
 * `predictions_<track>` per face track (face-tracks.ts),
 * the same rows with why a value is missing; manifest.json ({type, version, source, session without
 * frames, frameCount, frameFiles}) comes last, with the media's SHA-256. Memory: one batch of frames with
 * their landmarks, plus every frame's prediction without landmarks (~0.3 KB a frame) for the tables.
 * Names typed by annotators are made file-safe and distinct (file-names.ts). Deterministic for equal input.
 */
export async function writeSessionZip(
  source: SessionExportSource,
  options: SessionExportOptions,
  sink: (bytes: Uint8Array) => void | Promise<void>,
): Promise<SessionExportStats> {
  const pending: Uint8Array[] = [];
  const exporter = new SessionZipExport(source.session, options, (bytes) => pending.push(bytes));
  const drain = async () => {
    while (pending.length > 0) await sink(pending.shift()!);
  };
  for await (const chunk of source.mediaChunks) {
    exporter.media(chunk);
    await drain();
  }
  exporter.endMedia();
  for await (const batch of source.frameBatches) {
    exporter.frames(batch);
    await drain();
  }
  for (const _ of exporter.finish()) await drain();
  await drain();
  return { zipBytes: exporter.bytesWritten, frameCount: exporter.frameCount, mediaBytes: exporter.mediaByteCount, maxBatchFrames: exporter.maxBatchFrames };
}

/** writeSessionZip for a session held in memory, synchronously: the zip as one array. */
export function exportSessionZip(session: SessionRecord, mediaBytes: Uint8Array, options: SessionExportOptions): Uint8Array {
  const parts: Uint8Array[] = [];
  const exporter = new SessionZipExport(session, options, (bytes) => parts.push(bytes));
  exporter.media(mediaBytes);
  exporter.endMedia();
  exporter.frames(session.frames);
  for (const _ of exporter.finish());
  return concatBytes(parts, exporter.bytesWritten);
}

export { SESSION_FILE_VERSION };
