/**
 * Session streams on the video's frames (README "Frame-rate conversion"): every export (ABAW files,
 * per-frame CSV/JSON) and the agreement table read the values from here.
 * - Continuous values (valence/arousal: the model's and annotators' ratings) are interpolated
 *   linearly between two samples at most maxGapMs apart.
 * - Categorical values (the model's expression and AU probabilities, thresholded) come from the
 *   nearer of those two records: averaging two softmax outputs invents a distribution neither frame had.
 * - Segments (annotated expressions and AUs) label the frames they contain.
 * A frame with no value says why (MissingReason).
 */
import { auThresholdsOf, DEFAULT_AU_THRESHOLD, presentActionUnits, type ActionUnitThresholds } from '../au';
import { ACTION_UNITS } from '../labels';
import { frameSources, nearerRecord, spanPerFrame } from './align';
import type { AffectPrediction } from '../labels';
import type { AnnotationTrack, AuTrack, ExpressionTrack, FrameRecord, VaTrack } from './types';

/** One video frame's valence and arousal, each ∈ [-1, 1]; null: no value for this frame. */
export type FrameVa = { valence: number; arousal: number } | null;
/** One video frame's expression, an index into EXPRESSIONS; null: no value. */
export type FrameExpression = number | null;
/** One video frame's AUs in ACTION_UNITS order (length 8): 1 present, 0 absent, null no value. */
export type FrameAus = Array<0 | 1 | null>;

/**
 * Why a frame has no value: `no-face` the model analysed it (or the analysed frame nearest it) and
 * found no face; `not-analysed` no analysed frame within the limit; `not-rated` no annotation covers it.
 */
export type MissingReason = 'no-face' | 'not-analysed' | 'not-rated';

/** The longest gap between two samples that is bridged onto the frames between them, ms (Aff-Wild2 raters sample at ~10 Hz). */
export const DEFAULT_MAX_GAP_MS = 200;

/** Per-video-frame model values, one entry per frame time (what the ABAW files hold); missing[k] is null where frame k has values. */
export interface FrameTables {
  va: FrameVa[];
  expression: FrameExpression[];
  au: FrameAus[];
  missing: Array<MissingReason | null>;
}

/** One track on the video frames with, per frame, why a value is missing (null: nothing is). */
export type FrameTrack =
  | { kind: 'va'; values: FrameVa[]; missing: Array<MissingReason | null> }
  | { kind: 'expression'; values: FrameExpression[]; missing: Array<MissingReason | null> }
  | { kind: 'au'; values: FrameAus[]; missing: Array<MissingReason | null> };

/** Index of the largest value; the first one on ties. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

function lerp(x: number, y: number, weightY: number): number {
  return x + (y - x) * weightY;
}

/**
 * Model outputs on video frames (frameSources over the analysed frames, face or not). A frame takes
 * the nearer analysed frame's expression (argmax) and AUs (present when P ≥ auThreshold: one for every AU, or one per AU
 * as a model's actionUnitThresholds); valence
 * and arousal are interpolated when both neighbours found a face. When the nearer one found no face
 * the frame is `no-face`: a face found farther away does not describe it.
 */
export function predictionsOnFrames(
  frames: readonly FrameRecord[], frameTimesMs: ArrayLike<number>, auThreshold: number | ActionUnitThresholds = DEFAULT_AU_THRESHOLD, maxGapMs = DEFAULT_MAX_GAP_MS,
): FrameTables {
  const thresholds = auThresholdsOf(auThreshold);
  const output = (i: number): AffectPrediction | null => (frames[i].faceFound ? frames[i].prediction : null);
  const tables: FrameTables = { va: [], expression: [], au: [], missing: [] };
  for (const source of frameSources(frameTimesMs, frames.map((f) => f.mediaTimeMs), maxGapMs)) {
    const index = source.kind === 'none' ? -1 : source.kind === 'record' ? source.index : nearerRecord(source);
    const p = index >= 0 ? output(index) : null;
    if (!p) {
      tables.va.push(null);
      tables.expression.push(null);
      tables.au.push(ACTION_UNITS.map(() => null));
      // a face with no model output (the model had not produced one yet) is a frame not analysed
      tables.missing.push(index >= 0 && !frames[index].faceFound ? 'no-face' : 'not-analysed');
      continue;
    }
    const [p0, p1] = source.kind === 'between' ? [output(source.before), output(source.after)] : [null, null];
    const w = source.kind === 'between' ? source.weightAfter : 0;
    tables.va.push(p0 && p1 ? { valence: lerp(p0.valence, p1.valence, w), arousal: lerp(p0.arousal, p1.arousal, w) } : { valence: p.valence, arousal: p.arousal });
    tables.expression.push(argmax(p.expressionProbabilities));
    tables.au.push(presentActionUnits(p.actionUnitProbabilities, thresholds));
    tables.missing.push(null);
  }
  return tables;
}

/** A continuous valence–arousal rating on video frames: linear between samples at most maxGapMs apart, else null. */
export function vaTrackOnFrames(track: VaTrack, frameTimesMs: ArrayLike<number>, maxGapMs = DEFAULT_MAX_GAP_MS): FrameVa[] {
  const { samples } = track;
  return frameSources(frameTimesMs, samples.map((s) => s.mediaTimeMs), maxGapMs).map((source) => {
    if (source.kind === 'none') return null;
    if (source.kind === 'record') return { valence: samples[source.index].valence, arousal: samples[source.index].arousal };
    const [a, b, w] = [samples[source.before], samples[source.after], source.weightAfter];
    return { valence: lerp(a.valence, b.valence, w), arousal: lerp(a.arousal, b.arousal, w) };
  });
}

/** An expression track on video frames: the label of the segment containing the frame time, else null. */
export function expressionTrackOnFrames(track: ExpressionTrack, frameTimesMs: ArrayLike<number>): FrameExpression[] {
  return Array.from(spanPerFrame(frameTimesMs, track.segments), (i) => (i >= 0 ? track.segments[i].label : null));
}

/** An AU track on video frames: per AU, 1/0 from the toggle containing the frame time, else null. */
export function auTrackOnFrames(track: AuTrack, frameTimesMs: ArrayLike<number>): FrameAus[] {
  const rows: FrameAus[] = Array.from({ length: frameTimesMs.length }, () => ACTION_UNITS.map(() => null));
  ACTION_UNITS.forEach((_, au) => {
    const toggles = track.toggles.filter((t) => t.au === au);
    spanPerFrame(frameTimesMs, toggles).forEach((i, frame) => {
      if (i >= 0) rows[frame][au] = toggles[i].present ? 1 : 0;
    });
  });
  return rows;
}

/** An annotation track on video frames; a frame (or, for AUs, any AU of it) without a value is `not-rated`. */
export function annotationOnFrames(track: AnnotationTrack, frameTimesMs: ArrayLike<number>, maxGapMs = DEFAULT_MAX_GAP_MS): FrameTrack {
  if (track.kind === 'va') {
    const values = vaTrackOnFrames(track, frameTimesMs, maxGapMs);
    return { kind: 'va', values, missing: values.map((v) => (v === null ? 'not-rated' : null)) };
  }
  if (track.kind === 'expression') {
    const values = expressionTrackOnFrames(track, frameTimesMs);
    return { kind: 'expression', values, missing: values.map((v) => (v === null ? 'not-rated' : null)) };
  }
  const values = auTrackOnFrames(track, frameTimesMs);
  return { kind: 'au', values, missing: values.map((row) => (row.includes(null) ? 'not-rated' : null)) };
}

/** The model's tables as three tracks (va, expression, au), sharing one missing column. */
export function predictionTracks(tables: FrameTables): FrameTrack[] {
  const { missing } = tables;
  return [{ kind: 'va', values: tables.va, missing }, { kind: 'expression', values: tables.expression, missing }, { kind: 'au', values: tables.au, missing }];
}
