import { useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { SegmentEdit, SpanLimits } from '../../core/annotation';
import { secondsRange } from '../annotate/describe';
import { hitSegment, type SegmentPart } from './timeline-hit';
import { msPerPixel, timeToX, xToTime, type TimeWindow } from './timeline-scale';
import { applySegmentEdit, describeSegmentEdit, laneRows, laneSegments, type LaneSegment, type SegmentTrack } from './timeline-segments';

/** How near a bound (CSS px) the pointer grabs it. */
const HANDLE_PX = 8;
/** One arrow-key press moves a segment or a bound this far, ms (one 10 Hz rating step). */
export const KEY_STEP_MS = 100;

export interface SegmentLaneProps {
  track: SegmentTrack;
  view: TimeWindow;
  widthPx: number;
  limits: SpanLimits;
  /** the selected segment's index in this track, or null */
  selectedIndex: number | null;
  onSelect(index: number | null): void;
  /** stores the edited track; `after` is where the edited segment now is (null: deleted) */
  onCommit(track: SegmentTrack, description: string, after: { row: number; atMs: number } | null): void;
}

interface Drag {
  segment: LaneSegment;
  part: SegmentPart;
  startClientX: number;
  msPerPx: number;
}

function editFor(segment: LaneSegment, part: SegmentPart, deltaMs: number): SegmentEdit {
  if (part === 'body') return { op: 'move', index: segment.index, deltaMs };
  return { op: 'move-bound', index: segment.index, bound: part, toMs: (part === 'start' ? segment.startMs : segment.endMs) + deltaMs };
}

/** Where the edited segment's middle is meant to be after `edit`, to find it again in the edited track. */
function intendedMiddleMs(segment: LaneSegment, edit: SegmentEdit, limits: SpanLimits): number {
  const [start, end] = edit.op === 'move' ? [segment.startMs + edit.deltaMs, segment.endMs + edit.deltaMs]
    : edit.op === 'move-bound' && edit.bound === 'start' ? [edit.toMs, segment.endMs]
    : edit.op === 'move-bound' ? [segment.startMs, edit.toMs] : [segment.startMs, segment.endMs];
  return Math.min(limits.maxMs - 1, Math.max(limits.minMs, (start + end) / 2));
}

/**
 * An annotator's expression segments (one row) or AU present spans (one row per AU), editable:
 * press on a segment to select it, drag its body to move it or near an edge to move that bound;
 * keys on a focused segment: ←/→ move it, Shift+←/→ its end, Alt+←/→ its start, Delete removes it.
 * A press beside every segment is left to the timeline (a seek).
 */
export function SegmentLane({ track, view, widthPx, limits, selectedIndex, onSelect, onCommit }: SegmentLaneProps) {
  const rows = laneRows(track);
  const drag = useRef<Drag | null>(null);
  const laneRef = useRef<HTMLDivElement>(null);
  const [draft, setDraft] = useState<SegmentEdit | null>(null);
  const shown = useMemo(() => (draft ? applySegmentEdit(track, draft, limits) : track), [draft, limits, track]);
  const segments = useMemo(() => laneSegments(track), [track]);
  const shownSegments = useMemo(() => laneSegments(shown), [shown]);

  const commit = (segment: LaneSegment, edit: SegmentEdit) => {
    const edited = applySegmentEdit(track, edit, limits);
    onCommit(edited, describeSegmentEdit(segment, edit), edit.op === 'delete' ? null : { row: segment.row, atMs: intendedMiddleMs(segment, edit, limits) });
  };
  const focusSegment = (index: number) => laneRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`)?.focus({ preventScroll: true });

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const row = Math.min(rows - 1, Math.max(0, Math.floor(((event.clientY - rect.top) / rect.height) * rows)));
    const timeMs = xToTime(event.clientX - rect.left, view, rect.width);
    const inRow = segments.filter((s) => s.row === row);
    const perPx = msPerPixel(view, rect.width);
    const hit = hitSegment(inRow, timeMs, HANDLE_PX * perPx);
    if (!hit) return; // the timeline seeks
    event.preventDefault();
    event.stopPropagation();
    const segment = inRow[hit.index];
    onSelect(segment.index);
    focusSegment(segment.index);
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { segment, part: hit.part, startClientX: event.clientX, msPerPx: perPx };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d) return;
    event.stopPropagation();
    setDraft(editFor(d.segment, d.part, (event.clientX - d.startClientX) * d.msPerPx));
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d) return;
    event.stopPropagation();
    drag.current = null;
    setDraft(null);
    const movedPx = event.clientX - d.startClientX;
    if (event.type === 'pointerup' && Math.abs(movedPx) >= 2) commit(d.segment, editFor(d.segment, d.part, movedPx * d.msPerPx));
  };

  const onKeyDown = (segment: LaneSegment) => (event: KeyboardEvent<HTMLButtonElement>) => {
    let edit: SegmentEdit | null = null;
    if (event.key === 'Delete' || event.key === 'Backspace') edit = { op: 'delete', index: segment.index };
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      const deltaMs = (event.key === 'ArrowLeft' ? -1 : 1) * KEY_STEP_MS;
      edit = editFor(segment, event.altKey ? 'start' : event.shiftKey ? 'end' : 'body', deltaMs);
    }
    if (!edit) return;
    event.preventDefault();
    event.stopPropagation();
    commit(segment, edit);
  };

  const who = track.annotator;
  return (
    <div
      ref={laneRef}
      className={`tl-seglane${rows > 1 ? ' tl-au' : ' tl-expr'}`}
      role="group"
      aria-label={`${who}'s ${track.kind === 'expression' ? 'expression segments' : 'AU present spans'}: select one to move or delete it`}
      data-testid="timeline-lane"
      data-lane={`${track.kind}:${who}`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
    >
      {shownSegments.map((s) => {
        const left = timeToX(s.startMs, view, widthPx);
        const width = Math.max(3, timeToX(s.endMs, view, widthPx) - left);
        const selected = s.index === selectedIndex;
        return (
          <button
            key={`${s.row}:${s.index}`}
            type="button"
            className={`tl-seg${selected ? ' selected' : ''}`}
            style={{ left, width, top: `${(s.row / rows) * 100}%`, height: `${100 / rows}%`, background: s.colour }}
            aria-pressed={selected}
            aria-label={`${who}: ${s.name} ${secondsRange(s.startMs, s.endMs)}`}
            title={`${s.name} ${secondsRange(s.startMs, s.endMs)}`}
            data-testid="timeline-segment"
            data-annotator={who}
            data-kind={track.kind}
            data-index={s.index}
            data-name={s.name}
            data-start-ms={Math.round(s.startMs)}
            data-end-ms={Math.round(s.endMs)}
            onFocus={() => onSelect(s.index)}
            onKeyDown={onKeyDown(segments.find((x) => x.index === s.index) ?? s)}
          />
        );
      })}
    </div>
  );
}
