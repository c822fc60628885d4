import { useMemo } from 'react';
import { framesOfTrack, type SessionRecord, type TrackCensus } from '../../core/session';
import { trackColour } from '../components/face-overlay';

/** A face a replay can show: null is each frame's largest face, as the session was analysed. */
export interface ReplayFace {
  trackId: number | null;
  /** what the button says: "largest face", "left face", "right face", "face 3" */
  label: string;
  /** as the export names its files: "left", "right", "track3"; '' for the largest face */
  name: string;
}

/**
 * The faces of a session with several people (none when no frame had two tracked faces), in track order; `census`
 * counted the frames with their landmarks (FaceBoxes), so left and right are named as the export names them.
 */
export function replayFaces(census: TrackCensus): ReplayFace[] {
  if (!census.severalFaces) return [];
  const names = census.names();
  return [
    { trackId: null, label: 'largest face', name: '' },
    ...census.tracks.map(({ trackId }) => {
      const name = names.get(trackId)!;
      return { trackId, label: name === 'left' || name === 'right' ? `${name} face` : `face ${trackId}`, name };
    }),
  ];
}

/** The session as the plots and the timeline's model lanes show it: its frames for one track, or as stored. */
export function useSessionForFace(session: SessionRecord | null, trackId: number | null): SessionRecord | null {
  return useMemo(() => (session && trackId !== null ? { ...session, frames: framesOfTrack(session.frames, trackId) } : session), [session, trackId]);
}

/** One button per face of a session with several people: whose outputs the plots and the timeline show. */
export function ReplayTrackPicker({ faces, chosen, onChoose }: { faces: readonly ReplayFace[]; chosen: number | null; onChoose: (trackId: number | null) => void }) {
  if (faces.length === 0) return null;
  return (
    <div className="track-picker" role="group" aria-label="whose outputs the plots and the timeline show, and whom annotations describe" data-testid="replay-track-picker">
      <span className="muted small">face shown and annotated</span>
      {faces.map(({ trackId, label, name }) => (
        <button
          key={trackId ?? 'largest'} type="button" className={trackId === chosen ? 'selected' : ''} aria-pressed={trackId === chosen}
          data-testid="replay-track-option" data-track-id={trackId ?? ''} data-track-name={name} onClick={() => onChoose(trackId)}
        >
          {trackId !== null && <span className="track-swatch" aria-hidden="true" style={{ background: trackColour(trackId) }} />}
          {label}
        </button>
      ))}
    </div>
  );
}
