import { useRef, useState } from 'react';
import { mergeVaTrack, replaceVaRange, type TimeSpan } from '../../core/annotation';
import type { VaSample } from '../../core/session';
import { secondsRange } from './describe';
import { mediaTimeMsOf } from './gamepad';
import type { AnnotationTracks } from './use-annotation-tracks';
import { parseVaRange, VaRangeFields, type VaRangeInput } from './va-range-fields';
import { useVaCursor } from './use-va-cursor';
import { useVaRating } from './use-va-rating';
import { VaPad } from './va-pad';

interface VaRatingControlsProps {
  annotator: string;
  video: HTMLVideoElement;
  tracks: Pick<AnnotationTracks, 'face' | 'find' | 'save'>;
  /** sampling rate on the media clock, Hz */
  rateHz: number;
  disabled: boolean;
}

/**
 * Continuous valence–arousal rating: the pad, Start (3-2-1, then the video plays) and Stop. A pass
 * replaces the earlier rating over the stretch it covers; with "re-rate only" it runs over the
 * range given and replaces that range only (replaceVaRange).
 */
export function VaRatingControls({ annotator, video, tracks, rateHz, disabled }: VaRatingControlsProps) {
  const cursor = useVaCursor();
  const [rangeInput, setRangeInput] = useState<VaRangeInput>({ on: false, fromS: '', toS: '' });
  const { range, error: rangeError } = parseVaRange(rangeInput);
  const passRange = useRef<TimeSpan | null>(null);
  /** the face the pass began on: its samples are that face's even if the replay's face picker changes meanwhile */
  const passFace = useRef<number | null>(null);
  const save = async (samples: VaSample[]) => {
    const previous = tracks.find(annotator, 'va', passFace.current);
    const span = passRange.current;
    const track = span ? replaceVaRange(previous, annotator, rateHz, samples, span) : mergeVaTrack(previous, annotator, rateHz, samples);
    const rated = span ?? { startMs: samples[0].mediaTimeMs, endMs: samples[samples.length - 1].mediaTimeMs };
    await tracks.save(track, `rate VA ${secondsRange(rated.startMs, rated.endMs)}`, passFace.current);
  };
  const rating = useVaRating(video, cursor.ref, rateHz, save);
  const start = () => {
    passRange.current = range;
    passFace.current = tracks.face;
    rating.start(range ?? undefined);
  };
  const busy = rating.phase !== 'idle';
  const saved = tracks.find(annotator, 'va')?.samples.length ?? 0;

  return (
    <div className="annotate-va">
      <VaPad cursor={cursor.point} trail={rating.trail} rating={rating.phase === 'rating'} disabled={disabled && !busy} onMove={cursor.set} />
      <div className="annotate-va-side">
        <div className="annotate-buttons">
          <button type="button" data-testid="va-start" disabled={disabled || busy || rangeError !== null} onClick={start}>{range ? 'Re-rate range' : 'Start rating'}</button>
          <button type="button" data-testid="va-stop" disabled={rating.phase !== 'countdown' && rating.phase !== 'rating'} onClick={rating.stop}>Stop</button>
        </div>
        {rating.phase === 'countdown' && <div className="annotate-countdown" data-testid="va-countdown" aria-live="assertive">{rating.countdown}</div>}
        <div className="va-readout" data-testid="va-status" data-phase={rating.phase} data-samples={rating.sampleCount} data-saved-samples={saved}>
          {rating.phase === 'rating' ? `rating at ${rateHz} Hz: ${samplesText(rating.sampleCount)}` : rating.phase === 'saving' ? 'saving…' : `${samplesText(saved)} saved`}
        </div>
        <VaRangeFields value={rangeInput} onChange={setRangeInput} currentTimeMs={mediaTimeMsOf(video)} disabled={disabled || busy} error={rangeError} />
        <div className="muted small">Mouse: hover over the pad. Touch: drag. Gamepad: left stick. Keyboard: Tab to the pad, arrow keys (Shift: bigger steps).</div>
        {rating.error && <div className="message error" role="alert">{rating.error}</div>}
      </div>
    </div>
  );
}

function samplesText(count: number): string {
  return `${count} ${count === 1 ? 'sample' : 'samples'}`;
}
