import type { ReactNode } from 'react';
import type { SessionRecord } from '../../core/session';
import type { SessionStore } from '../../io/session-store';
import { AnnotationTracksContext } from '../annotate/tracks-context';
import { useAnnotationTracks } from '../annotate/use-annotation-tracks';
import type { ReplayFace } from './replay-track-picker';
import type { AnnotationSlotContext } from './replay-view';
import { SessionTimeline } from './session-timeline';

interface ReplayAnnotationsProps {
  session: SessionRecord;
  store: SessionStore;
  reload(): Promise<void>;
  video: HTMLVideoElement | null;
  currentTimeMs: number;
  onSeek(timeMs: number): void;
  annotationSlot?: (ctx: AnnotationSlotContext) => ReactNode;
  /** the video with its controls */
  media: ReactNode;
  /** the plots that follow the video */
  plots: ReactNode;
  /** the face chosen in a session with several people (its annotation tracks are the ones shown and edited); null in one of one person */
  face: ReplayFace | null;
}

/**
 * The replay's body: the video, the session timeline (under the video and the plots on wide
 * screens, between them on narrow ones; see timeline.css) and the annotation panel, the timeline
 * and the panel sharing one set of annotation tracks (AnnotationTracksContext): an edit on the
 * timeline is what the panel builds on next, and back.
 */
export function ReplayAnnotations({ session, store, reload, video, currentTimeMs, onSeek, annotationSlot, media, plots, face }: ReplayAnnotationsProps) {
  const tracks = useAnnotationTracks(session, store, reload, face?.trackId ?? null);
  return (
    <AnnotationTracksContext.Provider value={tracks}>
      <div className="replay-body">
        {media}
        <SessionTimeline session={session} tracks={tracks} currentTimeMs={currentTimeMs} onSeek={onSeek} />
        {plots}
      </div>
      {tracks.error && <p className="message error" role="alert" data-testid="timeline-error">{tracks.error}</p>}
      {video && annotationSlot?.({ video, session, currentTimeMs, reload, face })}
    </AnnotationTracksContext.Provider>
  );
}
