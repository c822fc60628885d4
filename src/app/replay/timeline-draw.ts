/**
 * Drawing the timeline's canvas lanes. Each function draws one lane of `widthPx` × `heightPx` CSS
 * pixels for the part of the session in `view`; no state, no DOM beyond the context given.
 */
import { ACTION_UNITS } from '../../core/labels';
import type { FrameVa, MissingReason } from '../../core/session';
import { formatReplayTime } from './replay-controls';
import { AROUSAL_COLOUR, GRID_COLOUR, heatColour, MUTED_COLOUR, VALENCE_COLOUR, expressionColour } from './timeline-colours';
import { firstFrameAtOrAfter, frameEndMs, type FrameRun } from './timeline-data';
import { tickStepMs, ticksInView, timeToX, type TimeWindow } from './timeline-scale';

type Ctx = CanvasRenderingContext2D;

/** The lane's x of a time, and whether [startMs, endMs) shows at all. */
const xOf = (view: TimeWindow, widthPx: number) => (t: number) => timeToX(t, view, widthPx);
const visible = (view: TimeWindow, startMs: number, endMs: number) => endMs > view.startMs && startMs < view.endMs;

/** Time ticks with m:ss.t labels. */
export function drawRuler(ctx: Ctx, widthPx: number, heightPx: number, view: TimeWindow): void {
  const x = xOf(view, widthPx);
  const step = tickStepMs(view, widthPx);
  ctx.strokeStyle = GRID_COLOUR;
  ctx.fillStyle = MUTED_COLOUR;
  ctx.font = '10px system-ui';
  ctx.textBaseline = 'top';
  ctx.beginPath();
  for (const t of ticksInView(view, step)) {
    const px = Math.round(x(t)) + 0.5;
    ctx.moveTo(px, heightPx - 6);
    ctx.lineTo(px, heightPx);
    ctx.textAlign = px < 20 ? 'left' : px > widthPx - 20 ? 'right' : 'center';
    ctx.fillText(formatReplayTime(t).replace(/\.0$/, ''), px, 1);
  }
  ctx.stroke();
}

/** Grey bands where the model saw no face; frames not analysed (or not rated) stay blank. */
export function drawMissing(ctx: Ctx, widthPx: number, heightPx: number, view: TimeWindow, runs: readonly FrameRun<MissingReason>[]): void {
  const x = xOf(view, widthPx);
  ctx.fillStyle = 'rgba(138, 147, 166, 0.16)';
  for (const run of runs) {
    if (run.value !== 'no-face' || !visible(view, run.startMs, run.endMs)) continue;
    ctx.fillRect(x(run.startMs), 0, Math.max(1, x(run.endMs) - x(run.startMs)), heightPx);
  }
}

/** Valence (blue) and arousal (orange) per video frame, ∈ [-1, 1]; gaps where a frame has no value. */
export function drawVa(ctx: Ctx, widthPx: number, heightPx: number, view: TimeWindow, frameTimesMs: readonly number[], values: readonly FrameVa[], dashed = false): void {
  const x = xOf(view, widthPx);
  const y = (v: number) => heightPx / 2 - v * (heightPx / 2 - 3);
  ctx.strokeStyle = GRID_COLOUR;
  ctx.lineWidth = 1;
  ctx.setLineDash([]);
  ctx.beginPath();
  ctx.moveTo(0, Math.round(heightPx / 2) + 0.5);
  ctx.lineTo(widthPx, Math.round(heightPx / 2) + 0.5);
  ctx.stroke();
  const first = Math.max(0, firstFrameAtOrAfter(frameTimesMs, view.startMs) - 1);
  const last = Math.min(frameTimesMs.length - 1, firstFrameAtOrAfter(frameTimesMs, view.endMs));
  for (const [key, colour] of [['valence', VALENCE_COLOUR], ['arousal', AROUSAL_COLOUR]] as const) {
    ctx.strokeStyle = colour;
    ctx.lineWidth = 1.5;
    ctx.setLineDash(dashed ? [4, 2] : []);
    ctx.beginPath();
    let drawing = false;
    for (let k = first; k <= last; k++) {
      const v = values[k];
      if (!v) { drawing = false; continue; }
      const [px, py] = [x(frameTimesMs[k]), y(v[key])];
      if (drawing) ctx.lineTo(px, py);
      else { ctx.moveTo(px - 1, py); ctx.lineTo(px + 1, py); } // a frame with no neighbour is a short dash, not invisible
      drawing = true;
    }
    ctx.stroke();
  }
  ctx.setLineDash([]);
}

/** Runs of one expression, each in its class's colour. */
export function drawExpressionRuns(ctx: Ctx, widthPx: number, heightPx: number, view: TimeWindow, runs: readonly FrameRun<number>[]): void {
  const x = xOf(view, widthPx);
  for (const run of runs) {
    if (!visible(view, run.startMs, run.endMs)) continue;
    ctx.fillStyle = expressionColour(run.value);
    ctx.fillRect(x(run.startMs), 2, Math.max(1, x(run.endMs) - x(run.startMs)), heightPx - 4);
  }
}

/**
 * P(AU) as a heat strip, one row per AU (ACTION_UNITS order, AU1 on top). Where several frames
 * fall on one pixel column the column shows the largest probability, so a brief AU stays visible.
 */
export function drawAuHeat(ctx: Ctx, widthPx: number, heightPx: number, view: TimeWindow, frameTimesMs: readonly number[], probabilities: ReadonlyArray<readonly number[] | null>, durationMs: number): void {
  const rows = ACTION_UNITS.length;
  const columns = Math.max(1, Math.ceil(widthPx));
  const peak = new Float32Array(columns * rows).fill(-1);
  const x = xOf(view, widthPx);
  const first = Math.max(0, firstFrameAtOrAfter(frameTimesMs, view.startMs) - 1);
  const last = Math.min(frameTimesMs.length - 1, firstFrameAtOrAfter(frameTimesMs, view.endMs));
  for (let k = first; k <= last; k++) {
    const p = probabilities[k];
    if (!p) continue;
    const from = Math.max(0, Math.floor(x(frameTimesMs[k])));
    const to = Math.min(columns, Math.max(from + 1, Math.round(x(frameEndMs(frameTimesMs, k, durationMs)))));
    for (let c = from; c < to; c++) for (let r = 0; r < rows; r++) peak[c * rows + r] = Math.max(peak[c * rows + r], p[r]);
  }
  const rowPx = heightPx / rows;
  for (let c = 0; c < columns; c++) {
    for (let r = 0; r < rows; r++) {
      const value = peak[c * rows + r];
      if (value < 0) continue;
      ctx.fillStyle = heatColour(value);
      ctx.fillRect(c, r * rowPx, 1, Math.ceil(rowPx));
    }
  }
}
