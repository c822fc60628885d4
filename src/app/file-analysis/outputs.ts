/**
 * What a file analysis becomes: a library session (library-sink.ts), and the CLI's per-video files, written as
 * the analysis goes: each batch of frames adds its rows to every file.
 */
import {
  ABAW_AU_HEADER,
  ABAW_EXPR_HEADER,
  ABAW_TASKS,
  ABAW_VA_HEADER,
  fileSourceFromFrameSpan,
  framesOfTrack,
  PREDICTIONS_CSV_HEADER,
  predictionsCsv,
  predictionsJson,
  predictionsOnFrames,
  writeAbawAu,
  writeAbawExpression,
  writeAbawVa,
  TrackCensus,
  type FileSessionSource,
  type FrameRecord,
} from '../../core/session';
import { DEFAULT_AU_THRESHOLD, type ActionUnitThresholds } from '../../core/au';
import type { VideoFileInfo } from '../../io/video-file';
import type { FileAnalysisResult } from './analysis';

/** The file's video frames as the container reports them (count, mean rate, first frame's time). */
export function containerSource(info: VideoFileInfo): FileSessionSource {
  return { kind: 'file', fileName: info.fileName, frameCount: info.frameCount, frameRateHz: info.frameRateHz, firstFrameTimeMs: info.firstFrameTimeMs };
}

/**
 * The file's video frames for the session: exact when every frame was analysed in one pass, otherwise
 * (after a seek) the count and mean rate the container reports, from the first frame's time.
 */
export function fileSource(result: FileAnalysisResult): FileSessionSource {
  const { info, decodedFrames: decoded } = result;
  if (result.seeks === 0 && decoded.count === info.frameCount && decoded.firstMs !== null && decoded.lastMs !== null) {
    return fileSourceFromFrameSpan(info.fileName, decoded.count, decoded.firstMs, decoded.lastMs);
  }
  return containerSource(info);
}

/** The library's name for an analysis of `fileName`: the same file analysed twice must be told apart. */
export function fileSessionName(fileName: string, createdAtIso: string): string {
  return `${fileName} · ${new Date(createdAtIso).toLocaleString()}`;
}

/** File name → text: a piece of each output file. */
export type FileOutputs = Record<string, string>;

export const FILE_OUTPUT_NAMES = ['frames.csv', 'frames.json', 'VA_Estimation.txt', 'EXPR_Recognition.txt', 'AU_Detection.txt'] as const;

/** The ABAW tasks in the order of a face's three files. */
const TASKS = [ABAW_TASKS.va, ABAW_TASKS.expression, ABAW_TASKS.au] as const;
const HEADERS = [ABAW_VA_HEADER, ABAW_EXPR_HEADER, ABAW_AU_HEADER] as const;

/** A face stream's ABAW file for `task`: `<stem>_<task>.txt`, or the bare `<task>.txt` for the primary face's. */
export function abawFileName(stem: string | null, task: (typeof TASKS)[number]): string {
  return stem === null ? `${task}.txt` : `${stem}_${task}.txt`;
}

/** Where a track's files are written while the analysis goes: its final name is known only at the end. */
export function streamedTrackStem(trackId: number): string {
  return `track${trackId}`;
}

/** The text after the first line (the writers' header). */
function withoutHeader(text: string): string {
  return text.slice(text.indexOf('\n') + 1);
}

/** The VA, EXPR and AU rows of `frames`, each row from its own frame alone, without headers. */
function abawRows(frames: readonly FrameRecord[], auThreshold: number | ActionUnitThresholds): [string, string, string] {
  const tables = predictionsOnFrames(frames, frames.map((f) => f.mediaTimeMs), auThreshold);
  return [withoutHeader(writeAbawVa(tables.va)), withoutHeader(writeAbawExpression(tables.expression)), withoutHeader(writeAbawAu(tables.au))];
}

/** The row of a frame without a value in each ABAW file: -5,-5 / -1 / -1 per AU (abaw.ts). */
const MISSING_ROWS = abawRows([{ mediaTimeMs: 0, faceFound: false, prediction: null }], 0.5);

/** The tracks of a frame's faces (none when no face was found or the face has no track). */
function trackIdsOf(frame: FrameRecord): number[] {
  if (!frame.faceFound || frame.trackId === undefined) return [];
  return [frame.trackId, ...(frame.otherFaces ?? []).map((f) => f.trackId)];
}

/** One track's result files, as FileOutputStream.trackFiles() gives them. */
export interface TrackFileSet {
  trackId: number;
  /** 'left', 'right' or 'track<id>' (face-tracks.ts) */
  name: string;
  /** analysed frames this face was in */
  frames: number;
  /** media time of its first and last frame, ms */
  firstMs: number;
  lastMs: number;
  /** its VA, EXPR and AU files: the name written while streaming → the result's name (equal when the name is track<id>) */
  files: Array<{ from: string; to: string }>;
}

/** What becomes of the per-track files when the analysis is done. */
export interface TrackFiles {
  /** one set per track, ascending by id; empty when no frame had two tracked faces */
  tracks: TrackFileSet[];
  /** streamed files that are not part of the result: all of them when no frame had two tracked faces */
  remove: string[];
}

/**
 * The command line's files written as the analysis goes: start(), then rows() per batch of analysed frames, then
 * end(); each returns the text to append to each file. frames.csv / frames.json have one row per analysed frame, the
 * ABAW files one row per video frame: in an analysis without a seek every decoded frame is analysed once, so the
 * video's frames are the analysed frames and each ABAW row comes from its own frame alone, and the batches
 * concatenate to what the whole run would give.
 *
 * VA_Estimation.txt, EXPR_Recognition.txt and AU_Detection.txt follow each frame's primary (largest tracked) face.
 * Beside them every track gets its own three ABAW files, track<id>_<task>.txt, from the batch it first appears in:
 * its first piece is the header and a missing row for each frame before, and from then on every batch gives it one
 * row per frame (framesOfTrack), so each file always has a row per analysed frame. Whether they are kept, and under
 * which names, is known only at the end (trackFiles()): when some frame had two tracked faces they are renamed to
 * TrackCensus.names() (left_…/right_… for two people in view together, else they stay track<id>_…); otherwise the
 * primary files are the whole result and the track files are removed, so a one-face video gives the files it gave
 * before tracks. Memory: the census (a few numbers per track), never the frames.
 */
export class FileOutputStream {
  private jsonRows = 0;
  /** analysed frames written so far: every file has a row for each */
  private framesWritten = 0;
  private readonly census = new TrackCensus();
  /** tracks whose files were started, in order of first appearance */
  private readonly streamed = new Set<number>();

  /** auThreshold: the model's actionUnitThresholds (one per AU), or one for every AU */
  constructor(private readonly auThreshold: number | ActionUnitThresholds = DEFAULT_AU_THRESHOLD) {}

  /** the headers, and the JSON array's "[" */
  start(): FileOutputs {
    return {
      'frames.csv': `${PREDICTIONS_CSV_HEADER}\n`,
      'frames.json': '[',
      'VA_Estimation.txt': `${ABAW_VA_HEADER}\n`,
      'EXPR_Recognition.txt': `${ABAW_EXPR_HEADER}\n`,
      'AU_Detection.txt': `${ABAW_AU_HEADER}\n`,
    };
  }

  rows(frames: readonly FrameRecord[]): FileOutputs {
    if (frames.length === 0) return {};
    const json = predictionsJson(frames).slice(1, -1);
    const separator = this.jsonRows > 0 ? ',' : '';
    this.jsonRows += frames.length;
    const pieces: FileOutputs = { 'frames.csv': withoutHeader(predictionsCsv(frames)), 'frames.json': separator + json };
    abawRows(frames, this.auThreshold).forEach((text, i) => (pieces[abawFileName(null, TASKS[i])] = text));

    for (const frame of frames) {
      this.census.add(frame);
      for (const trackId of trackIdsOf(frame)) {
        if (this.streamed.has(trackId)) continue;
        this.streamed.add(trackId);
        // a track first seen now: the header, and no value for every frame of the earlier batches
        TASKS.forEach((task, i) => (pieces[abawFileName(streamedTrackStem(trackId), task)] = `${HEADERS[i]}\n${MISSING_ROWS[i].repeat(this.framesWritten)}`));
      }
    }
    for (const trackId of this.streamed) {
      const rows = abawRows(framesOfTrack(frames, trackId), this.auThreshold);
      TASKS.forEach((task, i) => {
        const name = abawFileName(streamedTrackStem(trackId), task);
        pieces[name] = (pieces[name] ?? '') + rows[i];
      });
    }
    this.framesWritten += frames.length;
    return pieces;
  }

  end(): FileOutputs {
    return { 'frames.json': ']' };
  }

  /** The per-track files' fate, from the frames seen so far (call it after the last rows()). */
  trackFiles(): TrackFiles {
    const streamedFiles = (trackId: number) => TASKS.map((task) => abawFileName(streamedTrackStem(trackId), task));
    if (!this.census.severalFaces) return { tracks: [], remove: [...this.streamed].sort((a, b) => a - b).flatMap(streamedFiles) };
    const names = this.census.names();
    const tracks = this.census.tracks.map(({ trackId, frames, firstMs, lastMs }): TrackFileSet => {
      const name = names.get(trackId)!;
      return { trackId, name, frames, firstMs, lastMs, files: TASKS.map((task) => ({ from: abawFileName(streamedTrackStem(trackId), task), to: abawFileName(name, task) })) };
    });
    return { tracks, remove: [] };
  }
}
