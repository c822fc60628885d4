/**
 * What the session timeline draws, on the video's frames by the export's rules (core/session
 * frame-tables.ts, README "Frame-rate conversion"): the model's valence/arousal interpolated
 * between analysed frames ≤ 200 ms apart, its expression and AU probabilities from the nearer
 * analysed frame, annotators' ratings resampled the same way. Pure.
 */
import {
  DEFAULT_MAX_GAP_MS,
  frameSources,
  nearerRecord,
  predictionsOnFrames,
  type FrameRecord,
  type FrameVa,
  type MissingReason,
} from '../../core/session';

/** A stretch of consecutive video frames with one value, [startMs, endMs) on the media clock. */
export interface FrameRun<T> {
  startMs: number;
  endMs: number;
  value: T;
}

/** The model's outputs on the video's frames, as the timeline draws them. */
export interface ModelTimeline {
  /** video frame times, ms, increasing */
  frameTimesMs: readonly number[];
  /** per frame; null where the model has no value (see missing) */
  va: FrameVa[];
  /** runs of one expression (an index into EXPRESSIONS); frames without a value are left out */
  expressionRuns: FrameRun<number>[];
  /** per frame, P(AU) ∈ [0, 1] in ACTION_UNITS order, or null */
  auProbabilities: Array<readonly number[] | null>;
  /** runs of frames without a value, with the reason */
  missingRuns: FrameRun<MissingReason>[];
  /** video frames with a model value, and without one by reason */
  coverage: ModelCoverage;
}

/** How many of the video's frames the model describes (what a reader of the exports should know first). */
export interface ModelCoverage {
  frames: number;
  withValue: number;
  /** analysed, no face (for a chosen person: that person not in view) */
  noFace: number;
  /** no analysed frame within the bridging gap: the live loop was busy, or the session was cut */
  notAnalysed: number;
}

/**
 * "model values on 85 % of 108 video frames · no face 5 % · not analysed 10 % (why)" (percentages rounded; parts that
 * are 0 left out); why frames were not analysed depends on the source: a camera recording's live loop drops frames
 * it cannot keep up with, a file analysis skips what a seek jumped over.
 */
export function describeCoverage(c: ModelCoverage, source: 'camera' | 'file' = 'camera'): string {
  const pct = (n: number) => `${Math.round((100 * n) / Math.max(1, c.frames))} %`;
  const parts = [`model values on ${pct(c.withValue)} of ${c.frames} video frames`];
  if (c.noFace > 0) parts.push(`no face ${pct(c.noFace)}`);
  const why = source === 'file' ? 'skipped by a seek, or the analysis was stopped' : 'the machine was busy: the live loop drops frames it cannot keep up with';
  if (c.notAnalysed > 0) parts.push(`not analysed ${pct(c.notAnalysed)} (${why})`);
  return parts.join(' · ');
}

/** Where video frame k ends, ms: at the next frame's time; the last one at the session's end (or one frame gap after it, if that is later). */
export function frameEndMs(frameTimesMs: readonly number[], k: number, durationMs: number): number {
  if (k + 1 < frameTimesMs.length) return frameTimesMs[k + 1];
  const gapMs = k > 0 ? frameTimesMs[k] - frameTimesMs[k - 1] : 1000 / 30;
  return durationMs > frameTimesMs[k] ? durationMs : frameTimesMs[k] + gapMs;
}

/** Consecutive frames with the same non-null value joined into runs. */
export function runsOf<T>(values: ReadonlyArray<T | null>, frameTimesMs: readonly number[], durationMs: number): FrameRun<T>[] {
  const runs: FrameRun<T>[] = [];
  values.forEach((value, k) => {
    if (value === null) return;
    const last = runs[runs.length - 1];
    const startMs = frameTimesMs[k];
    const endMs = frameEndMs(frameTimesMs, k, durationMs);
    if (last && last.value === value && last.endMs === startMs) last.endMs = endMs;
    else runs.push({ startMs, endMs, value });
  });
  return runs;
}

/**
 * The model's outputs on the video's frames. AU probabilities come from the analysed frame the
 * export thresholds (the record at the frame, or the nearer of two ≤ maxGapMs apart).
 */
export function modelTimeline(frames: readonly FrameRecord[], frameTimesMs: readonly number[], durationMs: number, maxGapMs = DEFAULT_MAX_GAP_MS): ModelTimeline {
  const tables = predictionsOnFrames(frames, frameTimesMs, 0.5, maxGapMs);
  const auProbabilities = frameSources(frameTimesMs, frames.map((f) => f.mediaTimeMs), maxGapMs).map((source, k) => {
    if (tables.missing[k] !== null || source.kind === 'none') return null;
    const index = source.kind === 'record' ? source.index : nearerRecord(source);
    return frames[index].prediction?.actionUnitProbabilities ?? null;
  });
  return {
    frameTimesMs,
    va: tables.va,
    expressionRuns: runsOf(tables.expression, frameTimesMs, durationMs),
    auProbabilities,
    missingRuns: runsOf(tables.missing, frameTimesMs, durationMs),
    coverage: {
      frames: frameTimesMs.length,
      withValue: tables.missing.filter((m) => m === null).length,
      noFace: tables.missing.filter((m) => m === 'no-face').length,
      notAnalysed: tables.missing.filter((m) => m === 'not-analysed').length,
    },
  };
}

/** Index of the first frame at or after timeMs (frameTimesMs.length when none). O(log n). */
export function firstFrameAtOrAfter(frameTimesMs: readonly number[], timeMs: number): number {
  let lo = 0;
  let hi = frameTimesMs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (frameTimesMs[mid] < timeMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
