import { useState } from 'react';
import type { LiveTrack } from '../pipeline/live-tracks';

export interface TrackChoice {
  /** the track whose plots are shown: the one picked while it is alive, else the primary (largest) face's; null with none */
  selectedTrackId: number | null;
  /** that track, or null */
  track: LiveTrack | null;
  pick(trackId: number): void;
}

/** Which tracked face the plots follow: the user's pick while that face is tracked, the largest face otherwise. */
export function useTrackChoice(tracks: readonly LiveTrack[], primaryTrackId: number | null): TrackChoice {
  const [picked, setPicked] = useState<number | null>(null);
  const pickedTrack = tracks.find((t) => t.trackId === picked) ?? null;
  const track = pickedTrack ?? tracks.find((t) => t.trackId === primaryTrackId) ?? null;
  return { selectedTrackId: track?.trackId ?? null, track, pick: setPicked };
}
