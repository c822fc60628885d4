import { useCallback, useState } from 'react';
import type { SpanLimits } from '../../core/annotation';
import { secondsRange } from '../annotate/describe';
import type { AnnotationTracks } from '../annotate/use-annotation-tracks';
import { applySegmentEdit, describeSegmentEdit, laneSegments, type LaneSegment, type SegmentTrack } from './timeline-segments';

export interface TimelineSelection {
  annotator: string;
  kind: SegmentTrack['kind'];
  /** ExpressionTrack.segments / AuTrack.toggles index */
  index: number;
}

export interface TimelineEdits {
  selection: TimelineSelection | null;
  /** "Ann: Happiness 1.0–2.0 s", or '' */
  selectionText: string;
  select(annotator: string, kind: SegmentTrack['kind'], index: number | null): void;
  selectedIndex(annotator: string, kind: SegmentTrack['kind']): number | null;
  /** saves the edited track at once (undoable) and selects segment `indexAfter` of it, if given */
  commit(track: SegmentTrack, description: string, indexAfter?: number): Promise<boolean>;
  deleteSelected(): Promise<boolean>;
  undo(): Promise<boolean>;
}

/** The timeline's selected segment and its edits, each saved through the replay's annotation tracks. */
export function useTimelineEdits(tracks: AnnotationTracks, limits: SpanLimits): TimelineEdits {
  const [selection, setSelection] = useState<TimelineSelection | null>(null);
  const selected: { track: SegmentTrack; segment: LaneSegment } | null = (() => {
    if (!selection) return null;
    const track = tracks.find(selection.annotator, selection.kind);
    const segment = track ? laneSegments(track).find((s) => s.index === selection.index) : undefined;
    return track && segment ? { track, segment } : null;
  })();

  const select = useCallback((annotator: string, kind: SegmentTrack['kind'], index: number | null) => {
    setSelection(index === null ? null : { annotator, kind, index });
  }, []);

  const commit = useCallback(async (track: SegmentTrack, description: string, indexAfter?: number) => {
    setSelection(indexAfter === undefined ? null : { annotator: track.annotator, kind: track.kind, index: indexAfter });
    return tracks.save(track, description);
  }, [tracks]);

  const deleteSelected = async () => {
    if (!selected) return false;
    const edit = { op: 'delete', index: selected.segment.index } as const;
    return commit(applySegmentEdit(selected.track, edit, limits), describeSegmentEdit(selected.segment, edit));
  };

  const undo = async () => {
    setSelection(null);
    return tracks.undo();
  };

  return {
    selection: selected ? selection : null,
    selectionText: selected ? `${selected.track.annotator}: ${selected.segment.name} ${secondsRange(selected.segment.startMs, selected.segment.endMs)}` : '',
    select,
    selectedIndex: (annotator, kind) => (selected && selection?.annotator === annotator && selection.kind === kind ? selection.index : null),
    commit,
    deleteSelected,
    undo,
  };
}
