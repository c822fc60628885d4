/** Text alternatives for the timeline's canvases: what each lane shows, in words. Pure. */
import { ACTION_UNITS } from '../../core/labels';
import type { FrameVa } from '../../core/session';
import { formatReplayTime } from './replay-controls';
import { expressionName } from './timeline-colours';
import type { FrameRun } from './timeline-data';
import type { TimeWindow } from './timeline-scale';

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const range = (view: TimeWindow) => `${formatReplayTime(view.startMs)} to ${formatReplayTime(view.endMs)}`;

/** "valence (blue) and arousal (orange), 0:00.0 to 0:08.2: 240 of 246 frames with a value, mean valence 0.12, mean arousal -0.05" */
export function describeVa(who: string, view: TimeWindow, values: readonly FrameVa[]): string {
  const known = values.filter((v): v is NonNullable<FrameVa> => v !== null);
  const means = known.length > 0
    ? `, mean valence ${mean(known.map((v) => v.valence)).toFixed(2)}, mean arousal ${mean(known.map((v) => v.arousal)).toFixed(2)}`
    : '';
  return `${who} valence (blue line) and arousal (orange line), ${range(view)}: ${known.length} of ${values.length} video frames with a value${means}`;
}

/** "model expression, …: Happiness 60 %, Neutral 30 % of the frames" (share of all frames, largest first). */
export function describeExpressionRuns(who: string, view: TimeWindow, runs: readonly FrameRun<number>[], wholeMs: number): string {
  const byClass = new Map<number, number>();
  for (const run of runs) byClass.set(run.value, (byClass.get(run.value) ?? 0) + run.endMs - run.startMs);
  const parts = [...byClass].sort((a, b) => b[1] - a[1]).map(([label, ms]) => `${expressionName(label)} ${Math.round((100 * ms) / Math.max(1, wholeMs))} %`);
  return `${who} expression as coloured segments, ${range(view)}: ${parts.length > 0 ? parts.join(', ') : 'no frame with a value'} of the session`;
}

/** "model AU probabilities as a heat strip (rows AU1 … AU25, dark 0 to bright 1), …: mean P AU1 0.10, …" */
export function describeAuHeat(who: string, view: TimeWindow, probabilities: ReadonlyArray<readonly number[] | null>): string {
  const known = probabilities.filter((p): p is readonly number[] => p !== null);
  const means = known.length > 0 ? ACTION_UNITS.map((au, k) => `${au} ${mean(known.map((p) => p[k])).toFixed(2)}`).join(', ') : 'no frame with a value';
  return `${who} action unit probabilities as a heat strip, one row per AU from ${ACTION_UNITS[0]} to ${ACTION_UNITS[ACTION_UNITS.length - 1]}, dark 0 to bright 1, ${range(view)}; mean probability: ${means}`;
}
