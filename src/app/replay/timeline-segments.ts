/** The editable segments of an annotator's expression or AU track as the timeline lays them out. Pure. */
import { editAuTrack, editExpressionTrack, type SegmentEdit, type SpanLimits } from '../../core/annotation';
import { ACTION_UNITS } from '../../core/labels';
import type { AuTrack, ExpressionTrack } from '../../core/session';
import { secondsRange } from '../annotate/describe';
import { expressionColour, expressionName } from './timeline-colours';

export type SegmentTrack = ExpressionTrack | AuTrack;

/** One drawn segment: an expression segment (row 0), or a present AU span (row = the AU's index). */
export interface LaneSegment {
  /** ExpressionTrack.segments index, or AuTrack.toggles index */
  index: number;
  row: number;
  startMs: number;
  endMs: number;
  colour: string;
  /** "Happiness", "AU12" */
  name: string;
}

const AU_SEGMENT_COLOUR = '#ffb454';

/** Rows a track's lane has: 1 for expressions, one per AU. */
export function laneRows(track: SegmentTrack): number {
  return track.kind === 'expression' ? 1 : ACTION_UNITS.length;
}

/** The segments drawn for a track, each row sorted by startMs. */
export function laneSegments(track: SegmentTrack): LaneSegment[] {
  if (track.kind === 'expression') {
    return track.segments.map((s, index) => ({ index, row: 0, startMs: s.startMs, endMs: s.endMs, colour: expressionColour(s.label), name: expressionName(s.label) }));
  }
  const spans: LaneSegment[] = [];
  track.toggles.forEach((t, index) => {
    if (t.present) spans.push({ index, row: t.au, startMs: t.startMs, endMs: t.endMs, colour: AU_SEGMENT_COLOUR, name: ACTION_UNITS[t.au] ?? `AU #${t.au}` });
  });
  return spans;
}

/** The track after `edit` (see core/annotation track-edits). */
export function applySegmentEdit<T extends SegmentTrack>(track: T, edit: SegmentEdit, limits: SpanLimits): T {
  return (track.kind === 'expression' ? editExpressionTrack(track, edit, limits) : editAuTrack(track, edit, limits)) as T;
}

/** The segment in `row` of the edited track that holds `atMs` (where an edited segment went), or null. */
export function segmentAt(track: SegmentTrack, row: number, atMs: number): LaneSegment | null {
  return laneSegments(track).find((s) => s.row === row && s.startMs <= atMs && atMs < s.endMs) ?? null;
}

/** "move Happiness 1.2–2.0 s", for the Undo button. */
export function describeSegmentEdit(segment: LaneSegment, edit: SegmentEdit): string {
  const verb = edit.op === 'delete' ? 'delete' : edit.op === 'move' ? 'move' : `resize (${edit.bound})`;
  return `${verb} ${segment.name} ${secondsRange(segment.startMs, segment.endMs)}`;
}
