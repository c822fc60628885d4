/**
 * Stopping a MediaStreamTrack from the page fires no 'ended' event, so a MediaRecorder over that track would
 * go on silently recording a frozen (or silent) track. Every track the page stops is first announced with a
 * TrackReleaseEvent on the track itself, which the recorder listens for beside 'ended'.
 */
export const TRACK_RELEASE_EVENT = 'affectscope-track-release';

/** Why the page let go of a track. */
export type TrackReleaseReason = 'camera-changed' | 'microphone-changed' | 'capture-closed';

export class TrackReleaseEvent extends Event {
  constructor(readonly reason: TrackReleaseReason) {
    super(TRACK_RELEASE_EVENT);
  }
}

/** Tells whoever records `track` that the page is about to stop it (call before stop(), or before closing its source). */
export function announceTrackRelease(track: MediaStreamTrack, reason: TrackReleaseReason): void {
  track.dispatchEvent(new TrackReleaseEvent(reason));
}

/**
 * announceTrackRelease, then stop(). A track that has ended already (unplugged) is not announced: its 'ended'
 * event says what happened, and a listener added after the page's own must hear that, not the page's clean-up.
 */
export function releaseTrack(track: MediaStreamTrack, reason: TrackReleaseReason): void {
  if (track.readyState !== 'ended') announceTrackRelease(track, reason);
  track.stop();
}
