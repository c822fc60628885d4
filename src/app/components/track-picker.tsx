import type { LiveTrack } from '../pipeline/live-tracks';
import { trackColour } from './face-overlay';

/** One button per tracked face ("face 1", "face 2"): which face the plots show. Drawn only with several faces. */
export function TrackPicker({ tracks, selectedTrackId, onPick }: { tracks: readonly LiveTrack[]; selectedTrackId: number | null; onPick: (trackId: number) => void }) {
  if (tracks.length < 2) return null;
  return (
    <div className="track-picker" role="group" aria-label="whose plots to show" data-testid="track-picker">
      <span className="muted small">plots of</span>
      {tracks.map(({ trackId, face }) => (
        <button
          key={trackId} type="button" className={trackId === selectedTrackId ? 'selected' : ''} aria-pressed={trackId === selectedTrackId}
          data-testid="track-option" data-track-id={trackId} data-in-view={face ? 'yes' : 'no'} onClick={() => onPick(trackId)}
        >
          <span className="track-swatch" aria-hidden="true" style={{ background: trackColour(trackId) }} />
          face {trackId}{face ? '' : ' (away)'}
        </button>
      ))}
    </div>
  );
}
