/** What a finished file analysis becomes: a library session, and the CLI's per-video files. */
import {
  fileSourceFromFrameTimes,
  predictionsCsv,
  predictionsJson,
  predictionsOnFrames,
  writeAbawAu,
  writeAbawExpression,
  writeAbawVa,
  type FileSessionSource,
  type SessionRecord,
} from '../../core/session';
import { sessionModel } from '../pipeline/recording';
import type { FileAnalysisResult } from './analysis';

/**
 * The file's video frames for the session: exact when every frame was analysed in one pass, otherwise
 * (after a seek) the count and mean rate the container reports, from the first frame's time.
 */
export function fileSource(result: FileAnalysisResult): FileSessionSource {
  const { info, decodedFrameTimesMs } = result;
  if (result.seeks === 0 && decodedFrameTimesMs.length === info.frameCount) return fileSourceFromFrameTimes(info.fileName, decodedFrameTimesMs);
  return { kind: 'file', fileName: info.fileName, frameCount: info.frameCount, frameRateHz: info.frameRateHz, firstFrameTimeMs: info.firstFrameTimeMs };
}

/** A library session for the analysed file (its media is the file itself). */
export function fileSession(result: FileAnalysisResult, id: string, createdAtIso: string): SessionRecord {
  const { info, model } = result;
  const lastFrameMs = result.frames.at(-1)?.mediaTimeMs ?? 0;
  return {
    id,
    // The same file analysed twice must be told apart in the library.
    name: `${info.fileName} · ${new Date(createdAtIso).toLocaleString()}`,
    createdAtIso,
    durationMs: Math.max(info.durationMs, lastFrameMs),
    media: { mimeType: info.mimeType, byteLength: info.byteLength },
    model: sessionModel(model),
    frames: result.frames,
    annotations: [],
    source: fileSource(result),
  };
}

/** File name → content: frames.csv / frames.json (one row per analysed frame) and the ABAW files (one row per video frame). */
export type FileOutputs = Record<string, string>;

export const FILE_OUTPUT_NAMES = ['frames.csv', 'frames.json', 'VA_Estimation.txt', 'EXPR_Recognition.txt', 'AU_Detection.txt'] as const;

export function fileOutputs(result: FileAnalysisResult, auThreshold = 0.5): FileOutputs {
  const times = result.seeks === 0 ? result.decodedFrameTimesMs : result.frames.map((f) => f.mediaTimeMs);
  const tables = predictionsOnFrames(result.frames, times, auThreshold);
  return {
    'frames.csv': predictionsCsv(result.frames),
    'frames.json': predictionsJson(result.frames),
    'VA_Estimation.txt': writeAbawVa(tables.va),
    'EXPR_Recognition.txt': writeAbawExpression(tables.expression),
    'AU_Detection.txt': writeAbawAu(tables.au),
  };
}
