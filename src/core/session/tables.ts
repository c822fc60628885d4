/**
 * Plain CSV / JSON views of a session for spreadsheets and scripts: one row per model record (on its
 * own clock, not resampled), one file per annotation track as stored, and each track on the video's
 * frames (the ABAW files' rows, with why a value is missing). Lossy on purpose (rounded numbers, no
 * landmarks): the session itself travels losslessly in manifest.json.
 */
import { ACTION_UNITS, EXPRESSIONS } from '../labels';
import { PREDICTION_COLUMNS, PREDICTION_ROW_LENGTH, predictionValues } from '../prediction-values';
import { formatDecimal } from './abaw';
import type { FrameTrack } from './frame-tables';
import type { AnnotationTrack, FrameRecord, TrackedFaceRecord } from './types';

/** decimals for probabilities and valence/arousal in CSV */
export const CSV_VALUE_DECIMALS = 6;
/** decimals for ms times in CSV (µs resolution) */
export const CSV_TIME_DECIMALS = 3;

export const PREDICTIONS_CSV_HEADER = ['mediaTimeMs', ...PREDICTION_COLUMNS, 'faceFound', 'trackId'].join(',');

function time(ms: number): string {
  return String(Number(ms.toFixed(CSV_TIME_DECIMALS)));
}

function value(x: number): string {
  return formatDecimal(x, CSV_VALUE_DECIMALS);
}

const EMPTY_PREDICTION_CELLS: readonly string[] = new Array(PREDICTION_ROW_LENGTH).fill('');

/** One CSV row (no newline): value cells empty where there is no prediction; faceFound 1/0; trackId empty when not kept. */
export function predictionsCsvRow(f: Pick<FrameRecord, 'mediaTimeMs' | 'faceFound' | 'prediction' | 'trackId'>): string {
  const p = f.prediction;
  const cells = p ? predictionValues(p).map(value) : EMPTY_PREDICTION_CELLS;
  return [time(f.mediaTimeMs), ...cells, f.faceFound ? '1' : '0', f.trackId === undefined ? '' : String(f.trackId)].join(',');
}

/** A FrameRecord's CSV rows (no final newline): its primary face's, then one per other tracked face, at the same time. */
export function predictionsCsvRows(f: FrameRecord): string {
  const first = predictionsCsvRow(f);
  if (!f.otherFaces || f.otherFaces.length === 0) return first;
  return [first, ...f.otherFaces.map((face) => predictionsCsvRow({ mediaTimeMs: f.mediaTimeMs, faceFound: true, prediction: face.prediction, trackId: face.trackId }))].join('\n');
}

/** One row per face of each FrameRecord (predictionsCsvRows). */
export function predictionsCsv(frames: readonly FrameRecord[]): string {
  return [PREDICTIONS_CSV_HEADER, ...frames.map(predictionsCsvRows)].join('\n') + '\n';
}

/** predictions.json's row for a FrameRecord: named probabilities (null where there is no prediction); full precision. */
export interface PredictionRow {
  mediaTimeMs: number;
  faceFound: boolean;
  valence: number | null;
  arousal: number | null;
  actionUnits: Record<string, number> | null;
  expressions: Record<string, number> | null;
}

export function predictionRow(f: Pick<FrameRecord, 'mediaTimeMs' | 'faceFound' | 'prediction'>): PredictionRow {
  const p = f.prediction;
  return {
    mediaTimeMs: f.mediaTimeMs,
    faceFound: f.faceFound,
    valence: p ? p.valence : null,
    arousal: p ? p.arousal : null,
    actionUnits: p ? Object.fromEntries(ACTION_UNITS.map((au, i) => [au, p.actionUnitProbabilities[i]])) : null,
    expressions: p ? Object.fromEntries(EXPRESSIONS.map((e, i) => [e, p.expressionProbabilities[i]])) : null,
  };
}

/** An other tracked face of a frame in a JSON row: its track id and predictionRow's values (the time and faceFound are the frame's). */
export interface TrackedFacePredictionRow extends Omit<PredictionRow, 'mediaTimeMs' | 'faceFound'> {
  trackId: number;
}

export function trackedFaceRow(face: Pick<TrackedFaceRecord, 'trackId' | 'prediction'>): TrackedFacePredictionRow {
  const { mediaTimeMs: _t, faceFound: _f, ...values } = predictionRow({ mediaTimeMs: 0, faceFound: true, prediction: face.prediction });
  return { trackId: face.trackId, ...values };
}

/** A FrameRecord's JSON object: predictionRow, with its trackId and, when it has any, its other faces' rows (trackedFaceRow). */
function predictionJsonRow(f: FrameRecord): PredictionRow & { trackId?: number; otherFaces?: TrackedFacePredictionRow[] } {
  const row: PredictionRow & { trackId?: number; otherFaces?: TrackedFacePredictionRow[] } = predictionRow(f);
  if (f.trackId !== undefined) row.trackId = f.trackId;
  if (f.otherFaces && f.otherFaces.length > 0) row.otherFaces = f.otherFaces.map(trackedFaceRow);
  return row;
}

/** One object per FrameRecord (predictionRow, plus trackId and otherFaces where the frame has them). */
export function predictionsJson(frames: readonly FrameRecord[]): string {
  return JSON.stringify(frames.map(predictionJsonRow));
}

/** va: mediaTimeMs,valence,arousal · expression: startMs,endMs,label,expression · au: startMs,endMs,au,actionUnit,present */
export function annotationCsv(track: AnnotationTrack): string {
  let lines: string[];
  if (track.kind === 'va') {
    lines = ['mediaTimeMs,valence,arousal', ...track.samples.map((s) => `${time(s.mediaTimeMs)},${value(s.valence)},${value(s.arousal)}`)];
  } else if (track.kind === 'expression') {
    lines = ['startMs,endMs,label,expression', ...track.segments.map((s) => `${time(s.startMs)},${time(s.endMs)},${s.label},${EXPRESSIONS[s.label]}`)];
  } else {
    lines = [
      'startMs,endMs,au,actionUnit,present',
      ...track.toggles.map((t) => `${time(t.startMs)},${time(t.endMs)},${t.au},${ACTION_UNITS[t.au]},${t.present ? 1 : 0}`),
    ];
  }
  return lines.join('\n') + '\n';
}

/** The track as stored, plus the label names its indices refer to. */
export function annotationJson(track: AnnotationTrack): string {
  const labels = track.kind === 'expression' ? EXPRESSIONS : track.kind === 'au' ? ACTION_UNITS : undefined;
  return JSON.stringify(labels ? { ...track, labels } : track);
}

/** Column names of a track's per-frame CSV, after frame,mediaTimeMs and before missing. */
const FRAME_VALUE_COLUMNS: Record<FrameTrack['kind'], readonly string[]> = { va: ['valence', 'arousal'], expression: ['label', 'expression'], au: ACTION_UNITS };

function frameValueCells(track: FrameTrack, k: number): string[] {
  if (track.kind === 'va') {
    const v = track.values[k];
    return v ? [value(v.valence), value(v.arousal)] : ['', ''];
  }
  if (track.kind === 'expression') {
    const label = track.values[k];
    return label === null ? ['', ''] : [String(label), EXPRESSIONS[label]];
  }
  return track.values[k].map((v) => (v === null ? '' : String(v)));
}

/** The per-frame CSV's header line (no newline). */
export function frameTrackCsvHeader(kind: FrameTrack['kind']): string {
  return ['frame', 'mediaTimeMs', ...FRAME_VALUE_COLUMNS[kind], 'missing'].join(',');
}

/** Row k of the per-frame CSV (no newline). */
export function frameTrackCsvRow(track: FrameTrack, frameTimesMs: ArrayLike<number>, k: number): string {
  return [String(k), time(frameTimesMs[k]), ...frameValueCells(track, k), track.missing[k] ?? ''].join(',');
}

/**
 * One row per video frame: frame (0-based, the ABAW file's row), mediaTimeMs, the values (empty where
 * missing), and missing: no-face / not-analysed / not-rated, or empty.
 */
export function frameTrackCsv(track: FrameTrack, frameTimesMs: ArrayLike<number>): string {
  const rows = Array.from(frameTimesMs, (_, k) => frameTrackCsvRow(track, frameTimesMs, k));
  return [frameTrackCsvHeader(track.kind), ...rows].join('\n') + '\n';
}

/** Row `frame` of the per-frame JSON: values null where missing, `missing` the reason or null; full precision. */
export function frameTrackJsonRow(track: FrameTrack, frameTimesMs: ArrayLike<number>, frame: number): object {
  const mediaTimeMs = frameTimesMs[frame];
  const missing = track.missing[frame];
  if (track.kind === 'va') {
    const v = track.values[frame];
    return { frame, mediaTimeMs, valence: v?.valence ?? null, arousal: v?.arousal ?? null, missing };
  }
  if (track.kind === 'expression') {
    const label = track.values[frame];
    return { frame, mediaTimeMs, label, expression: label === null ? null : EXPRESSIONS[label], missing };
  }
  return { frame, mediaTimeMs, actionUnits: Object.fromEntries(ACTION_UNITS.map((au, i) => [au, track.values[frame][i]])), missing };
}

/** The same rows as objects (frameTrackJsonRow). */
export function frameTrackJson(track: FrameTrack, frameTimesMs: ArrayLike<number>): string {
  return JSON.stringify(Array.from(frameTimesMs, (_, frame) => frameTrackJsonRow(track, frameTimesMs, frame)));
}
