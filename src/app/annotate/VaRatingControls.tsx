import { mergeVaTrack } from '../../core/annotation';
import type { VaSample } from '../../core/session';
import type { AnnotationTracks } from './useAnnotationTracks';
import { useVaCursor } from './useVaCursor';
import { useVaRating } from './useVaRating';
import { VaPad } from './VaPad';

interface VaRatingControlsProps {
  annotator: string;
  video: HTMLVideoElement;
  tracks: Pick<AnnotationTracks, 'find' | 'save'>;
  /** sampling rate on the media clock, Hz */
  rateHz: number;
  disabled: boolean;
}

/** Continuous valence–arousal rating: the pad, Start (3-2-1, then the video plays) and Stop. */
export function VaRatingControls({ annotator, video, tracks, rateHz, disabled }: VaRatingControlsProps) {
  const cursor = useVaCursor();
  const save = async (samples: VaSample[]) => {
    await tracks.save(mergeVaTrack(tracks.find(annotator, 'va'), annotator, rateHz, samples));
  };
  const rating = useVaRating(video, cursor.ref, rateHz, save);
  const busy = rating.phase !== 'idle';
  const saved = tracks.find(annotator, 'va')?.samples.length ?? 0;

  return (
    <div className="annotate-va">
      <VaPad cursor={cursor.point} trail={rating.trail} rating={rating.phase === 'rating'} disabled={disabled} onMove={cursor.set} />
      <div className="annotate-va-side">
        <div className="annotate-buttons">
          <button type="button" data-testid="va-start" disabled={disabled || busy} onClick={rating.start}>Start rating</button>
          <button type="button" data-testid="va-stop" disabled={rating.phase !== 'countdown' && rating.phase !== 'rating'} onClick={rating.stop}>Stop</button>
        </div>
        {rating.phase === 'countdown' && <div className="annotate-countdown" data-testid="va-countdown" aria-live="assertive">{rating.countdown}</div>}
        <div className="va-readout" data-testid="va-status" data-phase={rating.phase} data-samples={rating.sampleCount} data-saved-samples={saved}>
          {rating.phase === 'rating' ? `rating at ${rateHz} Hz: ${rating.sampleCount} samples` : rating.phase === 'saving' ? 'saving…' : `${saved} samples saved`}
        </div>
        <div className="muted small">Mouse: hover over the pad. Touch: drag. Gamepad: left stick.</div>
        {rating.error && <div className="message error" role="alert">{rating.error}</div>}
      </div>
    </div>
  );
}
