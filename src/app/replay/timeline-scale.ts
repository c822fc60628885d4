/**
 * The session timeline's time axis: which part of the session is in view (a TimeWindow, ms on the
 * media clock) and where a time lies across a lane of `widthPx` CSS pixels. Pure.
 */

/** The part of the session in view, [startMs, endMs] on the media clock, endMs > startMs. */
export interface TimeWindow {
  startMs: number;
  endMs: number;
}

/** The narrowest view, ms: a few video frames still several pixels wide on a phone. */
export const MIN_VIEW_SPAN_MS = 500;
/** One zoom step (a button, a key, a wheel notch) halves or doubles the span in view. */
export const ZOOM_STEP = 2;

/** The whole session, [0, durationMs] (at least 1 ms wide, so an empty session still maps). */
export function wholeSession(durationMs: number): TimeWindow {
  return { startMs: 0, endMs: Math.max(1, durationMs) };
}

/** x in CSS pixels (0 = the lane's left edge) of `timeMs`; outside [0, widthPx] when out of view. */
export function timeToX(timeMs: number, view: TimeWindow, widthPx: number): number {
  return ((timeMs - view.startMs) / (view.endMs - view.startMs)) * widthPx;
}

/** The media time, ms, at x CSS pixels from the lane's left edge, clamped to the view. */
export function xToTime(xPx: number, view: TimeWindow, widthPx: number): number {
  const fraction = widthPx > 0 ? Math.min(1, Math.max(0, xPx / widthPx)) : 0;
  return view.startMs + fraction * (view.endMs - view.startMs);
}

/** How many ms one CSS pixel spans in this view. */
export function msPerPixel(view: TimeWindow, widthPx: number): number {
  return (view.endMs - view.startMs) / Math.max(1, widthPx);
}

/**
 * The view moved so it lies inside [0, durationMs] with its span kept (its span shrunk to the
 * session when wider, and widened to MIN_VIEW_SPAN_MS, or the session, when narrower).
 */
export function clampView(view: TimeWindow, durationMs: number): TimeWindow {
  const whole = wholeSession(durationMs);
  const spanMs = Math.min(whole.endMs, Math.max(Math.min(MIN_VIEW_SPAN_MS, whole.endMs), view.endMs - view.startMs));
  const startMs = Math.min(Math.max(0, view.startMs), whole.endMs - spanMs);
  return { startMs, endMs: startMs + spanMs };
}

/**
 * The view zoomed by `factor` (> 1 in, < 1 out) about `anchorMs`, which stays at the same x:
 * a wheel zooms about the pointer, the buttons about the playhead.
 */
export function zoomView(view: TimeWindow, factor: number, anchorMs: number, durationMs: number): TimeWindow {
  const spanMs = view.endMs - view.startMs;
  const anchor = Math.min(view.endMs, Math.max(view.startMs, anchorMs));
  const fraction = (anchor - view.startMs) / spanMs;
  const nextSpanMs = spanMs / factor;
  const startMs = anchor - fraction * nextSpanMs;
  return clampView({ startMs, endMs: startMs + nextSpanMs }, durationMs);
}

/** The view shifted by deltaMs, stopped at the session's ends. */
export function panView(view: TimeWindow, deltaMs: number, durationMs: number): TimeWindow {
  return clampView({ startMs: view.startMs + deltaMs, endMs: view.endMs + deltaMs }, durationMs);
}

/** The view shifted just enough to show `timeMs` (the playhead leaving it while playing turns the page). */
export function followTime(view: TimeWindow, timeMs: number, durationMs: number): TimeWindow {
  if (timeMs >= view.startMs && timeMs <= view.endMs) return view;
  const spanMs = view.endMs - view.startMs;
  const startMs = timeMs < view.startMs ? timeMs : timeMs - spanMs * 0.1;
  return clampView({ startMs, endMs: startMs + spanMs }, durationMs);
}

const TICK_STEPS_MS = [100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000];

/** The smallest tick step (ms) from a 1-2-5 series that leaves at least minGapPx between ticks. */
export function tickStepMs(view: TimeWindow, widthPx: number, minGapPx = 64): number {
  const perPx = msPerPixel(view, widthPx);
  return TICK_STEPS_MS.find((step) => step / perPx >= minGapPx) ?? TICK_STEPS_MS[TICK_STEPS_MS.length - 1];
}

/** Tick times in view: multiples of stepMs from the first at or after view.startMs. */
export function ticksInView(view: TimeWindow, stepMs: number): number[] {
  const ticks: number[] = [];
  for (let t = Math.ceil(view.startMs / stepMs) * stepMs; t <= view.endMs + 1e-6; t += stepMs) ticks.push(t);
  return ticks;
}
