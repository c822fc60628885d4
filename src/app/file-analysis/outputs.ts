/**
 * What a file analysis becomes: a library session (library-sink.ts), and the CLI's per-video files, written as
 * the analysis goes: each batch of frames adds its rows to every file.
 */
import {
  ABAW_AU_HEADER,
  ABAW_EXPR_HEADER,
  ABAW_VA_HEADER,
  fileSourceFromFrameSpan,
  PREDICTIONS_CSV_HEADER,
  predictionsCsv,
  predictionsJson,
  predictionsOnFrames,
  writeAbawAu,
  writeAbawExpression,
  writeAbawVa,
  type FileSessionSource,
  type FrameRecord,
} from '../../core/session';
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

/** The text after the first line (the writers' header). */
function withoutHeader(text: string): string {
  return text.slice(text.indexOf('\n') + 1);
}

/**
 * The command line's files written as the analysis goes: start(), then rows() per batch of analysed frames, then
 * end(); each returns the text to append to each file. frames.csv / frames.json have one row per analysed frame, the
 * ABAW files one row per video frame: in an analysis without a seek every decoded frame is analysed once, so the
 * video's frames are the analysed frames and each ABAW row comes from its own frame alone, and the batches
 * concatenate to what the whole run would give.
 */
export class FileOutputStream {
  private jsonRows = 0;

  constructor(private readonly auThreshold = 0.5) {}

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
    const tables = predictionsOnFrames(frames, frames.map((f) => f.mediaTimeMs), this.auThreshold);
    const json = predictionsJson(frames).slice(1, -1);
    const separator = this.jsonRows > 0 ? ',' : '';
    this.jsonRows += frames.length;
    return {
      'frames.csv': withoutHeader(predictionsCsv(frames)),
      'frames.json': separator + json,
      'VA_Estimation.txt': withoutHeader(writeAbawVa(tables.va)),
      'EXPR_Recognition.txt': withoutHeader(writeAbawExpression(tables.expression)),
      'AU_Detection.txt': withoutHeader(writeAbawAu(tables.au)),
    };
  }

  end(): FileOutputs {
    return { 'frames.json': ']' };
  }
}
