import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { clampView, followTime, msPerPixel, xToTime, panView, wholeSession, zoomView, ZOOM_STEP, type TimeWindow } from './timeline-scale';

export interface TimelineView {
  view: TimeWindow;
  /** true while the whole session is in view */
  whole: boolean;
  zoomIn(anchorMs: number): void;
  zoomOut(anchorMs: number): void;
  /** zoom by factor (> 1 in) about anchorMs */
  zoom(factor: number, anchorMs: number): void;
  showWhole(): void;
  panBy(deltaMs: number): void;
  panTo(startMs: number): void;
}

/**
 * The part of the session the timeline shows: the whole session at first; zoomed and panned by the
 * user; turned like a page when the playhead leaves it.
 */
export function useTimelineView(durationMs: number, playheadMs: number): TimelineView {
  const [view, setView] = useState<TimeWindow>(() => wholeSession(durationMs));
  useEffect(() => setView(wholeSession(durationMs)), [durationMs]);
  useEffect(() => setView((v) => followTime(v, playheadMs, durationMs)), [playheadMs, durationMs]);

  const zoom = useCallback((factor: number, anchorMs: number) => setView((v) => zoomView(v, factor, anchorMs, durationMs)), [durationMs]);
  const zoomIn = useCallback((anchorMs: number) => zoom(ZOOM_STEP, anchorMs), [zoom]);
  const zoomOut = useCallback((anchorMs: number) => zoom(1 / ZOOM_STEP, anchorMs), [zoom]);
  const showWhole = useCallback(() => setView(wholeSession(durationMs)), [durationMs]);
  const panBy = useCallback((deltaMs: number) => setView((v) => panView(v, deltaMs, durationMs)), [durationMs]);
  const panTo = useCallback((startMs: number) => setView((v) => clampView({ startMs, endMs: startMs + v.endMs - v.startMs }, durationMs)), [durationMs]);
  const full = wholeSession(durationMs);
  const whole = view.startMs <= full.startMs && view.endMs >= full.endMs;
  return { view, whole, zoomIn, zoomOut, zoom, showWhole, panBy, panTo };
}

/**
 * Ctrl/⌘ + wheel zooms about the pointer, Shift + wheel (or a sideways swipe) pans; a plain wheel
 * scrolls the page as usual. The listener is not passive, so the page does not zoom or scroll too.
 */
export function useTimelineWheel(target: RefObject<HTMLElement | null>, lane: RefObject<HTMLElement | null>, timeline: TimelineView): void {
  const latest = useRef(timeline);
  latest.current = timeline;
  useEffect(() => {
    const element = target.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      const rect = lane.current?.getBoundingClientRect();
      if (!rect || rect.width <= 0) return;
      const { view, zoom, panBy } = latest.current;
      if (event.ctrlKey || event.metaKey) {
        event.preventDefault();
        zoom(Math.exp(-event.deltaY / 300), xToTime(event.clientX - rect.left, view, rect.width));
      } else if (event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
        event.preventDefault();
        panBy((event.shiftKey ? event.deltaY || event.deltaX : event.deltaX) * msPerPixel(view, rect.width));
      }
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [target, lane]);
}
