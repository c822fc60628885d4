/** Re-rating part of a continuous valence–arousal track (ms on the media clock). Pure. */
import { AffectscopeError } from '../errors';
import type { VaSample, VaTrack } from '../session/types';
import type { TimeSpan } from './span-edits';

/**
 * The annotator's VA track after a new rating pass over `range` [startMs, endMs]: the new samples
 * inside the range replace the earlier samples over the stretch they cover, [max(startMs, first new),
 * min(endMs, last new)]; earlier samples outside that stretch are kept, new ones outside the range
 * are dropped (the pass replaces that range only). A pass with no sample in the range changes
 * nothing. The track takes the new pass's rate. `rated` must be strictly increasing in time.
 */
export function replaceVaRange(previous: VaTrack | undefined, annotator: string, rateHz: number, rated: readonly VaSample[], range: TimeSpan): VaTrack {
  if (!(range.startMs <= range.endMs)) {
    throw new AffectscopeError('invalid-options', `re-rated range: expected startMs ≤ endMs, got [${range.startMs}, ${range.endMs}]`);
  }
  const kept = previous?.samples ?? [];
  const inside = rated.filter((s) => s.mediaTimeMs >= range.startMs && s.mediaTimeMs <= range.endMs);
  if (inside.length === 0) return { kind: 'va', annotator, rateHz: previous?.rateHz ?? rateHz, samples: kept.slice() };
  const fromMs = inside[0].mediaTimeMs;
  const toMs = inside[inside.length - 1].mediaTimeMs;
  const before = kept.filter((s) => s.mediaTimeMs < fromMs);
  const after = kept.filter((s) => s.mediaTimeMs > toMs);
  return { kind: 'va', annotator, rateHz, samples: [...before, ...inside, ...after] };
}
