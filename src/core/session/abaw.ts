/**
 * Aff-Wild2 / ABAW annotation files (Kollias & Zafeiriou 2019; ABAW 2020–2021 challenge layout).
 * One text file per video and task: a header line, then exactly one line per video frame, in frame
 * order (line k + 2 ↔ frame k, 0-based, i.e. the challenge's frame image k + 1), "\n" endings.
 * - VA_Estimation: "valence,arousal"; rows "v,a" ∈ [-1, 1]; -5,-5 for a frame with no value.
 * - EXPR_Recognition: the 7 class names in ABAW order (the 2020–21 set, matching EXPRESSIONS; later
 *   challenges added an 8th class "Other" that this app has no label for); one class index per row; -1 none.
 * - AU_Detection: the 8 AUs of the 2020–21 set (ACTION_UNITS); 0/1 per AU; -1 where an AU has no value
 *   (the challenge files only ever have whole rows of -1; a partly annotated frame keeps its known AUs).
 */
import { AffectscopeError } from '../errors';
import { ACTION_UNITS, EXPRESSIONS } from '../labels';
import type { FrameAus, FrameExpression, FrameTrack, FrameVa } from './frame-tables';

/** The challenge's file-name suffix for each kind of track: <video>_<task>.txt. */
export const ABAW_TASKS = { va: 'VA_Estimation', expression: 'EXPR_Recognition', au: 'AU_Detection' } as const;

export const ABAW_VA_HEADER = 'valence,arousal';
export const ABAW_EXPR_HEADER = EXPRESSIONS.join(',');
export const ABAW_AU_HEADER = ACTION_UNITS.join(',');
export const ABAW_VA_MISSING = -5;
export const ABAW_LABEL_MISSING = -1;
/** decimals written for valence/arousal; annotations are not finer than this */
export const ABAW_VA_DECIMALS = 4;

/** x rounded to `decimals` places, never "-0.0000". */
export function formatDecimal(x: number, decimals: number): string {
  const scale = 10 ** decimals;
  return (Math.round(x * scale) / scale + 0).toFixed(decimals);
}

export function writeAbawVa(rows: readonly FrameVa[], decimals = ABAW_VA_DECIMALS): string {
  const lines = rows.map((r) => (r ? `${formatDecimal(r.valence, decimals)},${formatDecimal(r.arousal, decimals)}` : `${ABAW_VA_MISSING},${ABAW_VA_MISSING}`));
  return [ABAW_VA_HEADER, ...lines].join('\n') + '\n';
}

export function writeAbawExpression(rows: readonly FrameExpression[]): string {
  return [ABAW_EXPR_HEADER, ...rows.map((r) => String(r ?? ABAW_LABEL_MISSING))].join('\n') + '\n';
}

export function writeAbawAu(rows: readonly FrameAus[]): string {
  return [ABAW_AU_HEADER, ...rows.map((r) => r.map((v) => String(v ?? ABAW_LABEL_MISSING)).join(','))].join('\n') + '\n';
}

/** The ABAW file of a track on the video's frames (why a value is missing is not kept: the challenge has one marker). */
export function writeAbawTrack(track: FrameTrack): string {
  if (track.kind === 'va') return writeAbawVa(track.values);
  return track.kind === 'expression' ? writeAbawExpression(track.values) : writeAbawAu(track.values);
}

/** Data lines after the expected header; "\r\n" and one trailing newline accepted. */
function dataLines(text: string, header: string, what: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines[0]?.trim() !== header) fail(what, 1, `the header "${header}"`, lines[0]);
  return lines.slice(1);
}

function fail(what: string, line: number, expected: string, got: string | undefined): never {
  const shown = got === undefined ? 'nothing' : JSON.stringify(got.length > 60 ? `${got.slice(0, 57)}...` : got);
  throw new AffectscopeError('import-invalid', `${what} line ${line}: expected ${expected}, got ${shown}`);
}

function fields(line: string, count: number, what: string, lineNumber: number): number[] {
  const parts = line.split(',');
  if (parts.length !== count) fail(what, lineNumber, `${count} comma-separated values`, line);
  return parts.map((p) => {
    const trimmed = p.trim();
    const x = trimmed === '' ? NaN : Number(trimmed);
    if (!Number.isFinite(x)) fail(what, lineNumber, 'numbers', line);
    return x;
  });
}

/** Parses a VA_Estimation file: one entry per frame, null for -5,-5. */
export function parseAbawVa(text: string): FrameVa[] {
  const what = 'VA_Estimation';
  return dataLines(text, ABAW_VA_HEADER, what).map((line, i) => {
    const [valence, arousal] = fields(line, 2, what, i + 2);
    if (valence === ABAW_VA_MISSING && arousal === ABAW_VA_MISSING) return null;
    if (!(Math.abs(valence) <= 1 && Math.abs(arousal) <= 1)) fail(what, i + 2, 'values in [-1, 1], or -5,-5 for none', line);
    return { valence, arousal };
  });
}

/** Parses an EXPR_Recognition file: one class index per frame, null for -1. */
export function parseAbawExpression(text: string): FrameExpression[] {
  const what = 'EXPR_Recognition';
  return dataLines(text, ABAW_EXPR_HEADER, what).map((line, i) => {
    const [label] = fields(line, 1, what, i + 2);
    if (label === ABAW_LABEL_MISSING) return null;
    if (!(Number.isInteger(label) && label >= 0 && label < EXPRESSIONS.length)) {
      fail(what, i + 2, `a class index 0–${EXPRESSIONS.length - 1}, or -1 for none`, line);
    }
    return label;
  });
}

/** Parses an AU_Detection file: per frame, 8 values 1/0/null (-1). */
export function parseAbawAu(text: string): FrameAus[] {
  const what = 'AU_Detection';
  return dataLines(text, ABAW_AU_HEADER, what).map((line, i) =>
    fields(line, ACTION_UNITS.length, what, i + 2).map((v) => {
      if (v === ABAW_LABEL_MISSING) return null;
      if (v !== 0 && v !== 1) fail(what, i + 2, '0, 1, or -1 for none', line);
      return v;
    }),
  );
}
