import { useEffect, useState } from 'react';
import { addAuPresence, addExpressionSegment } from '../../core/annotation';
import { ACTION_UNIT_NAMES, ACTION_UNITS, EXPRESSIONS } from '../../core/labels';
import { secondsRange } from './describe';
import { mediaTimeMsOf } from './gamepad';
import type { AnnotationTracks } from './use-annotation-tracks';

interface LabelButtonsProps {
  annotator: string;
  video: HTMLVideoElement;
  tracks: Pick<AnnotationTracks, 'find' | 'save'>;
  disabled: boolean;
}

/**
 * Expression segments and AU presence spans at the video's current time. An expression button
 * opens a segment; another one, the same one again or "End" closes it (and saves the track).
 * An AU button opens a presence span; pressing it again closes it. Spans still open when the
 * annotator's name changes are dropped.
 */
export function LabelButtons({ annotator, video, tracks, disabled }: LabelButtonsProps) {
  const [openExpression, setOpenExpression] = useState<{ label: number; startMs: number } | null>(null);
  const [openAus, setOpenAus] = useState<ReadonlyMap<number, number>>(new Map());
  useEffect(() => { setOpenExpression(null); setOpenAus(new Map()); }, [annotator]);

  const closeExpression = (endMs: number) => {
    if (!openExpression) return;
    const segment = { ...openExpression, endMs };
    void tracks.save(addExpressionSegment(tracks.find(annotator, 'expression'), annotator, segment), `label ${EXPRESSIONS[segment.label]} ${secondsRange(segment.startMs, endMs)}`);
    setOpenExpression(null);
  };
  const pressExpression = (label: number) => {
    const nowMs = mediaTimeMsOf(video);
    closeExpression(nowMs);
    if (openExpression?.label !== label) setOpenExpression({ label, startMs: nowMs });
  };
  const toggleAu = (au: number) => {
    const nowMs = mediaTimeMsOf(video);
    const next = new Map(openAus);
    const startMs = openAus.get(au);
    if (startMs === undefined) next.set(au, nowMs);
    else {
      next.delete(au);
      void tracks.save(addAuPresence(tracks.find(annotator, 'au'), annotator, au, startMs, nowMs), `mark ${ACTION_UNITS[au]} ${secondsRange(startMs, nowMs)}`);
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
        <button type="button" disabled={disabled || !openExpression} data-testid="expr-end" onClick={() => closeExpression(mediaTimeMsOf(video))}>End</button>
        <span className="muted small" data-testid="expr-count" data-count={segments}>{segments} segment{segments === 1 ? '' : 's'}</span>
      </div>
      <div className="annotate-buttons" role="group" aria-label="action units present">
        {ACTION_UNITS.map((name, au) => (
          <button key={name} type="button" disabled={disabled} aria-pressed={openAus.has(au)} title={ACTION_UNIT_NAMES[name]} data-testid={`au-toggle-${name}`} onClick={() => toggleAu(au)}>
            {name}
          </button>
        ))}
        <span className="muted small" data-testid="au-count" data-count={presentSpans}>{presentSpans} present span{presentSpans === 1 ? '' : 's'}</span>
      </div>
    </div>
  );
}
