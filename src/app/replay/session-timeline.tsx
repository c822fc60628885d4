import { useMemo, useRef, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { describeAuThresholds } from '../../core/au';
import { validateSpanLimits } from '../../core/annotation';
import { ACTION_UNITS } from '../../core/labels';
import { sessionVideoFrameTimesMs, vaTrackOnFrames, type SessionRecord, type VaTrack } from '../../core/session';
import type { AnnotationTracks } from '../annotate/use-annotation-tracks';
import { CanvasLane } from './canvas-lane';
import { RECORDED_FRAME_RATE_HZ } from './export';
import { formatReplayTime } from './replay-controls';
import { SegmentLane } from './segment-lane';
import { TimelineLegend } from './timeline-legend';
import { drawAuHeat, drawExpressionRuns, drawMissing, drawRuler, drawVa } from './timeline-draw';
import { describeCoverage, modelTimeline } from './timeline-data';
import { describeAuHeat, describeExpressionRuns, describeVa } from './timeline-describe';
import { timeToX, xToTime } from './timeline-scale';
import { segmentAt, type SegmentTrack } from './timeline-segments';
import { useElementWidth } from './use-element-width';
import { useTimelineEdits } from './use-timeline-edits';
import { useTimelineView, useTimelineWheel } from './use-timeline-view';
import './timeline.css';

export interface SessionTimelineProps {
  session: SessionRecord;
  tracks: AnnotationTracks;
  /** the playhead, ms on the media clock */
  currentTimeMs: number;
  onSeek(timeMs: number): void;
}

/** A label cell and its lane. */
function Row({ label, title, aus, children }: { label: string; title: string; aus?: boolean; children: ReactNode }) {
  return (
    <div className={`tl-row${aus ? ' tl-row-au' : ''}`}>
      <div className="tl-label" title={title}>
        <span className="tl-owner">{label}</span>
        {aus && <span className="tl-au-names" aria-hidden="true">{ACTION_UNITS.map((au) => <span key={au}>{au}</span>)}</span>}
      </div>
      <div className="tl-cell">{children}</div>
    </div>
  );
}

/**
 * The whole session on one timeline under the replayed video (issue 16 item 1): the model's
 * valence/arousal, expression and AU probabilities, each annotator's tracks beside them, and the
 * playhead; press or drag to seek, zoom to a part of it. Every stream is on the video's frames by
 * the export's rules (timeline-data.ts). Annotators' segments can be edited here (SegmentLane).
 */
export function SessionTimeline({ session, tracks, currentTimeMs, onSeek }: SessionTimelineProps) {
  const { durationMs } = session;
  const frameTimesMs = useMemo(() => sessionVideoFrameTimesMs(session, RECORDED_FRAME_RATE_HZ), [session]);
  const model = useMemo(() => modelTimeline(session.frames, frameTimesMs, durationMs), [session.frames, frameTimesMs, durationMs]);
  const limits = useMemo(() => validateSpanLimits({ maxMs: Math.max(1, durationMs) }), [durationMs]);
  const timeline = useTimelineView(durationMs, currentTimeMs);
  const { view } = timeline;
  const rulerRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const widthPx = useElementWidth(rulerRef);
  useTimelineWheel(bodyRef, rulerRef, timeline);
  const edits = useTimelineEdits(tracks, limits);
  const seeking = useRef(false);

  const annotators = [...new Set(tracks.tracks.map((t) => t.annotator))];
  const ratings = useMemo(
    () => new Map(tracks.tracks.filter((t): t is VaTrack => t.kind === 'va').map((t) => [t.annotator, vaTrackOnFrames(t, frameTimesMs)] as const)),
    [tracks.tracks, frameTimesMs],
  );
  const framesWithValue = model.va.filter((v) => v !== null).length;

  const seekAt = (clientX: number) => {
    const rect = rulerRef.current?.getBoundingClientRect();
    if (rect) onSeek(Math.min(durationMs, xToTime(clientX - rect.left, view, rect.width)));
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    const rect = rulerRef.current?.getBoundingClientRect();
    if (event.defaultPrevented || !rect || event.clientX < rect.left) return;
    seeking.current = true;
    event.currentTarget.setPointerCapture(event.pointerId);
    seekAt(event.clientX);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => { if (seeking.current) seekAt(event.clientX); };
  const onPointerUp = () => { seeking.current = false; };

  const anchorMs = currentTimeMs >= view.startMs && currentTimeMs <= view.endMs ? currentTimeMs : (view.startMs + view.endMs) / 2;
  const onRulerKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? 100 : 1000;
    const keys: Record<string, () => void> = {
      ArrowLeft: () => onSeek(Math.max(0, currentTimeMs - step)),
      ArrowRight: () => onSeek(Math.min(durationMs, currentTimeMs + step)),
      Home: () => onSeek(0),
      End: () => onSeek(durationMs),
      PageUp: () => timeline.panBy(-(view.endMs - view.startMs) / 2),
      PageDown: () => timeline.panBy((view.endMs - view.startMs) / 2),
      '+': () => timeline.zoomIn(anchorMs),
      '=': () => timeline.zoomIn(anchorMs),
      '-': () => timeline.zoomOut(anchorMs),
      '0': () => timeline.showWhole(),
    };
    const action = keys[event.key];
    if (!action || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    action();
  };
  const onRootKey = (event: KeyboardEvent<HTMLElement>) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'z' && tracks.lastEdit) {
      event.preventDefault();
      void edits.undo();
    }
  };

  const playheadX = timeToX(currentTimeMs, view, 1);
  const laneProps = { view, widthPx, limits };
  const commit = (track: SegmentTrack, description: string, after: { row: number; atMs: number } | null) =>
    void edits.commit(track, description, after ? segmentAt(track, after.row, after.atMs)?.index : undefined);

  return (
    <section
      className="timeline"
      aria-label="session timeline"
      data-testid="timeline"
      data-view-start-ms={view.startMs}
      data-view-end-ms={view.endMs}
      data-duration-ms={durationMs}
      onKeyDown={onRootKey}
    >
      <div className="tl-toolbar">
        <div className="tl-group" role="group" aria-label="zoom">
          <button type="button" onClick={() => timeline.zoomOut(anchorMs)} disabled={timeline.whole} aria-label="zoom out" data-testid="timeline-zoom-out">−</button>
          <button type="button" onClick={() => timeline.zoomIn(anchorMs)} aria-label="zoom in" data-testid="timeline-zoom-in">+</button>
          <button type="button" onClick={timeline.showWhole} disabled={timeline.whole} data-testid="timeline-whole">Whole session</button>
        </div>
        <span className="tl-readout small" data-testid="timeline-view">
          {formatReplayTime(view.startMs)}–{formatReplayTime(view.endMs)} of {formatReplayTime(durationMs)}
        </span>
        <span
          className="tl-readout muted small" data-testid="timeline-coverage" data-frames={model.coverage.frames}
          data-with-value={model.coverage.withValue} data-not-analysed={model.coverage.notAnalysed} data-no-face={model.coverage.noFace}
        >
          {describeCoverage(model.coverage, session.source?.kind ?? 'camera')}
        </span>
        <div className="tl-group" role="group" aria-label="edit">
          <span className="tl-selection small" data-testid="timeline-selection" aria-live="polite">{edits.selectionText}</span>
          <button type="button" onClick={() => void edits.deleteSelected()} disabled={!edits.selection} data-testid="timeline-delete">Delete</button>
          <button type="button" onClick={() => void edits.undo()} disabled={!tracks.lastEdit} title={tracks.lastEdit ? `undo: ${tracks.lastEdit.description}` : 'nothing to undo'} data-testid="timeline-undo">
            Undo
          </button>
        </div>
      </div>
      <div ref={bodyRef} className="tl-body" onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerUp} onPointerCancel={onPointerUp}>
        <Row label="time" title="press or drag anywhere on the lanes to seek">
          <div
            ref={rulerRef}
            className="tl-ruler"
            tabIndex={0}
            role="slider"
            aria-label="playhead (←/→ seek 1 s, Shift 0.1 s; +/− zoom; 0 whole session; PgUp/PgDn pan)"
            aria-valuemin={0}
            aria-valuemax={durationMs}
            aria-valuenow={Math.round(currentTimeMs)}
            aria-valuetext={`${formatReplayTime(currentTimeMs)} of ${formatReplayTime(durationMs)}`}
            data-testid="timeline-ruler"
            onKeyDown={onRulerKey}
          >
            <CanvasLane lane="ruler" className="tl-h-ruler" ariaLabel={`time from ${formatReplayTime(view.startMs)} to ${formatReplayTime(view.endMs)}`} draw={(ctx, w, h) => drawRuler(ctx, w, h, view)} deps={[view, widthPx]} />
          </div>
        </Row>
        <Row label="model V·A" title="the model's valence and arousal on the video's frames; grey: no face">
          <CanvasLane lane="model-va" className="tl-h-va" frames={framesWithValue} ariaLabel={describeVa('model', view, model.va)}
            draw={(ctx, w, h) => { drawMissing(ctx, w, h, view, model.missingRuns); drawVa(ctx, w, h, view, model.frameTimesMs, model.va); }} deps={[view, widthPx, model]} />
        </Row>
        <Row label="model expr." title="the model's expression on the video's frames (the largest probability)">
          <CanvasLane lane="model-expression" className="tl-h-expr" ariaLabel={describeExpressionRuns('model', view, model.expressionRuns, durationMs)}
            draw={(ctx, w, h) => { drawMissing(ctx, w, h, view, model.missingRuns); drawExpressionRuns(ctx, w, h, view, model.expressionRuns); }} deps={[view, widthPx, model]} />
        </Row>
        <Row label="model AUs" title={`the model's AU probabilities; the export marks an AU present ${describeAuThresholds(session.model.actionUnitThresholds)}`} aus>
          <CanvasLane lane="model-au" className="tl-h-au" ariaLabel={describeAuHeat('model', view, model.auProbabilities)}
            draw={(ctx, w, h) => drawAuHeat(ctx, w, h, view, model.frameTimesMs, model.auProbabilities, durationMs)} deps={[view, widthPx, model]} />
        </Row>
        {annotators.map((who) => {
          const va = ratings.get(who);
          const expression = tracks.find(who, 'expression');
          const au = tracks.find(who, 'au');
          return (
            <div className="tl-annotator" key={who} data-annotator={who}>
              {va && (
                <Row label={`${who} V·A`} title={`${who}'s valence–arousal rating on the video's frames`}>
                  <CanvasLane lane={`va:${who}`} className="tl-h-va" frames={va.filter((v) => v !== null).length} ariaLabel={describeVa(who, view, va)}
                    draw={(ctx, w, h) => drawVa(ctx, w, h, view, frameTimesMs, va, true)} deps={[view, widthPx, va]} />
                </Row>
              )}
              {expression && (
                <Row label={`${who} expr.`} title={`${who}'s expression segments: select, drag, Delete`}>
                  <SegmentLane track={expression} {...laneProps} selectedIndex={edits.selectedIndex(who, 'expression')} onSelect={(i) => edits.select(who, 'expression', i)} onCommit={commit} />
                </Row>
              )}
              {au && (
                <Row label={`${who} AUs`} title={`${who}'s AU present spans: select, drag, Delete`} aus>
                  <SegmentLane track={au} {...laneProps} selectedIndex={edits.selectedIndex(who, 'au')} onSelect={(i) => edits.select(who, 'au', i)} onCommit={commit} />
                </Row>
              )}
            </div>
          );
        })}
        {playheadX >= 0 && playheadX <= 1 && <div className="tl-playhead" style={{ ['--tl-x' as string]: playheadX }} data-testid="timeline-playhead" aria-hidden="true" />}
      </div>
      <label className="tl-pan small">
        <span>view</span>
        <input
          type="range" min={0} max={Math.max(0, durationMs - (view.endMs - view.startMs))} step={1} value={Math.round(view.startMs)} disabled={timeline.whole}
          onChange={(e) => timeline.panTo(Number(e.target.value))} aria-label="start of the part in view, ms" data-testid="timeline-pan"
        />
      </label>
      <TimelineLegend />
      <p className="muted small tl-help">
        Press or drag on the lanes to seek; Ctrl+wheel zooms, Shift+wheel pans. Keys on the time ruler: ←/→ seek, +/− zoom, 0 whole
        session. On an annotator&apos;s segment: ←/→ move it, Shift+←/→ its end, Alt+←/→ its start, Delete removes it; Ctrl+Z undoes.
      </p>
    </section>
  );
}
