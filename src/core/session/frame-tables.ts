import { AffectscopeError } from '../errors';
import { ACTION_UNITS } from '../labels';
import { nearestRecordPerFrame, spanPerFrame } from './align';
import type { AuTrack, ExpressionTrack, FrameRecord, VaTrack } from './types';

/** One video frame's valence and arousal, each ∈ [-1, 1]; null: no value for this frame. */
export type FrameVa = { valence: number; arousal: number } | null;
/** One video frame's expression, an index into EXPRESSIONS; null: no value. */
export type FrameExpression = number | null;
/** One video frame's AUs in ACTION_UNITS order (length 8): 1 present, 0 absent, null no value. */
export type FrameAus = Array<0 | 1 | null>;

/** Per-video-frame values, one entry per frame time (what the ABAW files hold). */
export interface FrameTables {
  va: FrameVa[];
  expression: FrameExpression[];
  au: FrameAus[];
}

/** Index of the largest value; the first one on ties. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/**
 * Model outputs on video frames: each frame takes the nearest FrameRecord within half a frame
 * (nearestRecordPerFrame). A frame whose nearest record has no face or no prediction has no value:
 * a farther record is not used, since the nearest one is the best description of that frame.
 * Expression = argmax of the probabilities; an AU is present when its probability ≥ auThreshold.
 */
export function predictionsOnFrames(frames: readonly FrameRecord[], frameTimesMs: ArrayLike<number>, auThreshold = 0.5): FrameTables {
  if (!(auThreshold >= 0 && auThreshold <= 1)) throw new AffectscopeError('invalid-options', `auThreshold: expected a probability in [0, 1], got ${auThreshold}`);
  const nearest = nearestRecordPerFrame(frameTimesMs, frames.map((f) => f.mediaTimeMs));
  const tables: FrameTables = { va: [], expression: [], au: [] };
  for (const index of nearest) {
    const frame = index >= 0 ? frames[index] : undefined;
    const p = frame && frame.faceFound ? frame.prediction : null;
    tables.va.push(p ? { valence: p.valence, arousal: p.arousal } : null);
    tables.expression.push(p ? argmax(p.expressionProbabilities) : null);
    tables.au.push(p ? p.actionUnitProbabilities.map((q) => (q >= auThreshold ? 1 : 0)) : ACTION_UNITS.map(() => null));
  }
  return tables;
}

/** A continuous valence–arousal track on video frames (nearest sample within half a frame, else null). */
export function vaTrackOnFrames(track: VaTrack, frameTimesMs: ArrayLike<number>): FrameVa[] {
  const nearest = nearestRecordPerFrame(frameTimesMs, track.samples.map((s) => s.mediaTimeMs));
  return Array.from(nearest, (i) => (i >= 0 ? { valence: track.samples[i].valence, arousal: track.samples[i].arousal } : null));
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
