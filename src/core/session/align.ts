import { AffectscopeError } from '../errors';

/** Checks video frame times: at least one, finite, strictly increasing (ms on the media clock). */
export function validateFrameTimes(frameTimesMs: ArrayLike<number>): void {
  if (frameTimesMs.length === 0) throw new AffectscopeError('invalid-options', 'frameTimesMs: expected at least 1 video frame time, got 0');
  for (let i = 0; i < frameTimesMs.length; i++) {
    const t = frameTimesMs[i];
    if (!Number.isFinite(t)) throw new AffectscopeError('invalid-options', `frameTimesMs[${i}]: expected a finite time in ms, got ${t}`);
    if (i > 0 && t <= frameTimesMs[i - 1]) {
      throw new AffectscopeError('invalid-options', `frameTimesMs[${i}]: expected a time after ${frameTimesMs[i - 1]} ms (strictly increasing), got ${t}`);
    }
  }
}

/** Times of a constant-rate video: k · 1000 / frameRateHz for every k with a time before durationMs (at least one frame). */
export function uniformFrameTimesMs(durationMs: number, frameRateHz: number): number[] {
  if (!(frameRateHz > 0 && Number.isFinite(frameRateHz))) throw new AffectscopeError('invalid-options', `frameRateHz: expected a rate > 0, got ${frameRateHz}`);
  if (!(durationMs >= 0 && Number.isFinite(durationMs))) throw new AffectscopeError('invalid-options', `durationMs: expected a finite duration ≥ 0, got ${durationMs}`);
  const count = Math.max(1, Math.ceil((durationMs * frameRateHz) / 1000 - 1e-9));
  return Array.from({ length: count }, (_, k) => (k * 1000) / frameRateHz);
}

/**
 * For each video frame, the index of the record nearest in time, or -1 when none lies within half a
 * frame: up to half the gap to the previous frame before it and half the gap to the next frame after
 * it (the first and last frames mirror their one gap; a lone frame takes the nearest record at any
 * distance). Equidistant records: the earlier wins. A record can serve two frames only when it sits
 * exactly between them.
 * @param frameTimesMs video frame times, strictly increasing, ms
 * @param recordTimesMs record times, non-decreasing, ms
 */
export function nearestRecordPerFrame(frameTimesMs: ArrayLike<number>, recordTimesMs: ArrayLike<number>): Int32Array {
  validateFrameTimes(frameTimesMs);
  const n = frameTimesMs.length;
  const result = new Int32Array(n).fill(-1);
  let after = 0; // first record with time ≥ the current frame time
  for (let i = 0; i < n; i++) {
    const t = frameTimesMs[i];
    const gapBefore = i > 0 ? t - frameTimesMs[i - 1] : n > 1 ? frameTimesMs[1] - t : Infinity;
    const gapAfter = i < n - 1 ? frameTimesMs[i + 1] - t : n > 1 ? t - frameTimesMs[i - 1] : Infinity;
    while (after < recordTimesMs.length && recordTimesMs[after] < t) after++;
    const before = after - 1;
    const distanceBefore = before >= 0 ? t - recordTimesMs[before] : Infinity;
    const distanceAfter = after < recordTimesMs.length ? recordTimesMs[after] - t : Infinity;
    const beforeOk = distanceBefore <= gapBefore / 2;
    const afterOk = distanceAfter <= gapAfter / 2;
    if (beforeOk && (!afterOk || distanceBefore <= distanceAfter)) result[i] = before;
    else if (afterOk) result[i] = after;
  }
  return result;
}

/**
 * Where a video frame's value comes from in a stream of records:
 * - `record`: one record describes it (one at the frame's time, or the nearest within half a frame);
 * - `between`: it lies strictly between two consecutive records at most maxGapMs apart; weightAfter
 *   ∈ (0, 1) is its fraction of the way from `before` to `after` (linear interpolation weight);
 * - `none`: no record within those limits.
 */
export type FrameSource =
  | { kind: 'record'; index: number }
  | { kind: 'between'; before: number; after: number; weightAfter: number }
  | { kind: 'none' };

/**
 * For each video frame, its FrameSource: a record at the frame time; else the two records around it
 * when they are at most maxGapMs apart (resampling a stream to the video's frames, e.g. a 10 Hz
 * rating to 30 fps); else the nearest record within half a frame (nearestRecordPerFrame: the ends of
 * a stream, and the frames just beside a record that borders a longer gap); else none.
 * @param recordTimesMs record times, non-decreasing, ms
 * @param maxGapMs the longest gap between two records that is bridged, ms (≥ 0)
 */
export function frameSources(frameTimesMs: ArrayLike<number>, recordTimesMs: ArrayLike<number>, maxGapMs: number): FrameSource[] {
  if (!(maxGapMs >= 0 && Number.isFinite(maxGapMs))) throw new AffectscopeError('invalid-options', `maxGapMs: expected a finite gap ≥ 0 ms, got ${maxGapMs}`);
  const nearest = nearestRecordPerFrame(frameTimesMs, recordTimesMs);
  const sources: FrameSource[] = [];
  let after = 0; // first record with time ≥ the current frame time
  for (let i = 0; i < frameTimesMs.length; i++) {
    const t = frameTimesMs[i];
    while (after < recordTimesMs.length && recordTimesMs[after] < t) after++;
    const before = after - 1;
    if (after < recordTimesMs.length && recordTimesMs[after] === t) sources.push({ kind: 'record', index: after });
    else if (before >= 0 && after < recordTimesMs.length && recordTimesMs[after] - recordTimesMs[before] <= maxGapMs) {
      sources.push({ kind: 'between', before, after, weightAfter: (t - recordTimesMs[before]) / (recordTimesMs[after] - recordTimesMs[before]) });
    } else sources.push(nearest[i] >= 0 ? { kind: 'record', index: nearest[i] } : { kind: 'none' });
  }
  return sources;
}

/** The nearer of a `between` source's two records; the earlier when equidistant. */
export function nearerRecord(source: Extract<FrameSource, { kind: 'between' }>): number {
  return source.weightAfter > 0.5 ? source.after : source.before;
}

/**
 * For each video frame, the index of the span [startMs, endMs) that contains its time, or -1.
 * @param spans sorted by startMs and not overlapping
 */
export function spanPerFrame(frameTimesMs: ArrayLike<number>, spans: ReadonlyArray<{ startMs: number; endMs: number }>): Int32Array {
  validateFrameTimes(frameTimesMs);
  const result = new Int32Array(frameTimesMs.length).fill(-1);
  let s = 0;
  for (let i = 0; i < frameTimesMs.length; i++) {
    const t = frameTimesMs[i];
    while (s < spans.length && spans[s].endMs <= t) s++;
    if (s < spans.length && spans[s].startMs <= t) result[i] = s;
  }
  return result;
}
