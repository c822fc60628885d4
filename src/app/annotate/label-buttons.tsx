import { useEffect, useState } from 'react';
import { addAuPresence, addExpressionSegment } from '../../core/annotation';
import { ACTION_UNIT_NAMES, ACTION_UNITS, EXPRESSIONS } from '../../core/labels';
import { secondsRange } from './describe';
import { mediaTimeMsOf } from './gamepad';
import type { AnnotationTracks } from './use-annotation-tracks';

interface LabelButtonsProps {
  annotator: string;
  video: HTMLVideoElement;
  tracks: Pick<AnnotationTracks, 'face' | 'find' | 'save'>;
  disabled: boolean;
}

/** Why a span closed where it opened saved nothing (a span needs the video to move between its two presses). */
const EMPTY_SPAN = 'nothing saved: the video did not move between the two presses (play or seek it, then close the span)';

/**
 * Expression segments and AU presence spans at the video's current time. An expression button
 * opens a segment; another one, the same one again or "End" closes it (and saves the track).
 * An AU button opens a presence span; pressing it again closes it. Spans still open when the
 * annotator's name changes are dropped.
 */
export function LabelButtons({ annotator, video, tracks, disabled }: LabelButtonsProps) {
  // An open label keeps the face it began on (the replay's face picker may change before End): it is saved as that face's.
  const [openExpression, setOpenExpression] = useState<{ label: number; startMs: number; face: number | null } | null>(null);
  const [openAus, setOpenAus] = useState<ReadonlyMap<number, { startMs: number; face: number | null }>>(new Map());
  /** why the last End or AU press saved nothing (a span needs the video to move between its two presses) */
  const [hint, setHint] = useState<string | null>(null);
  useEffect(() => { setOpenExpression(null); setOpenAus(new Map()); setHint(null); }, [annotator]);

  const closeExpression = (endMs: number, explain = false) => {
    if (!openExpression) return;
    const { face, ...open } = openExpression;
    const segment = { ...open, endMs };
    setHint(explain && endMs <= segment.startMs ? `${EXPRESSIONS[segment.label]}: ${EMPTY_SPAN}` : null);
    setOpenExpression(null);
    if (endMs <= segment.startMs) return; // saving would store an unchanged (or a new, empty) track
    const track = addExpressionSegment(tracks.find(annotator, 'expression', face), annotator, segment);
    void tracks.save(track, `label ${EXPRESSIONS[segment.label]} ${secondsRange(segment.startMs, endMs)}`, face);
  };
  const pressExpression = (label: number) => {
    const nowMs = mediaTimeMsOf(video);
    closeExpression(nowMs);
    if (openExpression?.label !== label) setOpenExpression({ label, startMs: nowMs, face: tracks.face });
  };
  const toggleAu = (au: number) => {
    const nowMs = mediaTimeMsOf(video);
    const next = new Map(openAus);
    const open = openAus.get(au);
    if (open === undefined) next.set(au, { startMs: nowMs, face: tracks.face });
    else {
      const { startMs, face } = open;
      next.delete(au);
      setHint(nowMs <= startMs ? `${ACTION_UNITS[au]}: ${EMPTY_SPAN}` : null);
      if (nowMs > startMs) void tracks.save(addAuPresence(tracks.find(annotator, 'au', face), annotator, au, startMs, nowMs), `mark ${ACTION_UNITS[au]} ${secondsRange(startMs, nowMs)}`, face);
    }
    setOpenAus(next);
  };

  const segments = tracks.find(annotator, 'expression')?.segments.length ?? 0;
  const presentSpans = tracks.find(annotator, 'au')?.toggles.filter((t) => t.present).length ?? 0;
  return (
    <div className="annotate-labels">
      <div className="annotate-buttons" role="group" aria-label="expression">
        {EXPRESSIONS.map((name, label) => (
          <button key={name} type="button" disabled={disabled} aria-pressed={openExpression?.label === label} data-testid={`expr-label-${name}`} onClick={() => pressExpression(label)}>
            {name}
          </button>
        ))}
        {/* an open label can always be ended: it began on a face that could be annotated */}
        <button type="button" disabled={!openExpression} data-testid="expr-end" onClick={() => closeExpression(mediaTimeMsOf(video), true)}>End</button>
        <span className="muted small" data-testid="expr-count" data-count={segments}>{segments} segment{segments === 1 ? '' : 's'}</span>
      </div>
      <div className="annotate-buttons" role="group" aria-label="action units present">
        {ACTION_UNITS.map((name, au) => (
          <button key={name} type="button" disabled={disabled && !openAus.has(au)} aria-pressed={openAus.has(au)} title={ACTION_UNIT_NAMES[name]} data-testid={`au-toggle-${name}`} onClick={() => toggleAu(au)}>
            {name}
          </button>
        ))}
        <span className="muted small" data-testid="au-count" data-count={presentSpans}>{presentSpans} present span{presentSpans === 1 ? '' : 's'}</span>
      </div>
      {hint && <p className="muted small" role="status" data-testid="label-hint">{hint}</p>}
    </div>
  );
}
