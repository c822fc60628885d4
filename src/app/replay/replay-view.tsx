import { errorMessage } from '../../core/errors';
import { useEffect, useMemo, useState, type ReactNode, type SyntheticEvent } from 'react';
import type { SessionRecord } from '../../core/session';
import { formatMediaTime, type SessionStore } from '../../io/session-store';
import { sessionZipFileName } from './download';
import { saveSessionZip } from './export';
import { ReplayAnnotations } from './replay-annotations';
import { ReplayControls } from './replay-controls';
import { ReplayFaceOverlay } from './replay-face-overlay';
import { describeRestartPoints, mediaRecoveryDecision, resumeAfterFailure, type MediaResume } from './media-recovery';
import { ReplayPlots } from './replay-plots';
import { ReplayTrackPicker, replayFaces, useSessionForFace, type ReplayFace } from './replay-track-picker';
import { useObjectUrl, useReplaySession } from './use-replay-session';
import { useVideoClock } from './use-video-clock';

/** What an annotation panel under the plots gets to work with. */
export interface AnnotationSlotContext {
  video: HTMLVideoElement;
  session: SessionRecord;
  /** media time of the frame on screen, ms */
  currentTimeMs: number;
  /** reads the session again from the library, e.g. after saving a track; the video keeps playing */
  reload(): Promise<void>;
  /** the face the plots show and the annotations describe, in a session with several people; null in one of one person */
  face: ReplayFace | null;
}

export interface ReplayViewProps {
  store: SessionStore;
  sessionId: string;
  onClose(): void;
  /** rendered under the timeline once the session and its video are loaded; it shares the timeline's annotation tracks (AnnotationTracksContext) */
  annotationSlot?: (ctx: AnnotationSlotContext) => ReactNode;
}

/**
 * A recorded session played back with the live page's plots following the video, the whole
 * session's timeline under it (model and annotators' tracks, editable), and its export.
 */
export function ReplayView({ store, sessionId, onClose, annotationSlot }: ReplayViewProps) {
  const { session, media, faces: boxes, error, reload } = useReplaySession(store, sessionId);
  const url = useObjectUrl(media);
  const faces = useMemo(() => (boxes ? replayFaces(boxes.census) : []), [boxes]);
  const [chosenTrack, setChosenTrack] = useState<number | null>(null);
  const shown = useSessionForFace(session, chosenTrack);
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const clock = useVideoClock(video);
  const [exportState, setExportState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });

  const exportZip = async () => {
    if (!session || !media) return;
    setExportState({ busy: true, error: null });
    try {
      // Streamed from the store (a save picker where the browser has one): a 2-hour session is never held whole.
      await saveSessionZip(store, sessionId, sessionZipFileName(session));
      setExportState({ busy: false, error: null });
    } catch (e) {
      setExportState({ busy: false, error: `Could not export the session: ${errorMessage(e)}` });
    }
  };

  // A media error stops the element for good (it keeps its error). A decode failure gets a new element, which goes on
  // from where the old one stopped (media-recovery.ts); any other failure, or the same one again, is said, with what to do.
  const [mediaError, setMediaError] = useState<string | null>(null);
  const [recovery, setRecovery] = useState<{ generation: number; failuresMs: number[]; resume: (MediaResume & { failed: HTMLVideoElement }) | null }>({ generation: 0, failuresMs: [], resume: null });
  useEffect(() => {
    setMediaError(null);
    setRecovery((r) => ({ generation: r.generation, failuresMs: [], resume: null }));
  }, [url]);
  const onMediaError = (event: SyntheticEvent<HTMLVideoElement>) => {
    const v = event.currentTarget;
    if (!v.error) return;
    // mid-seek (its own duration probe, say) the element's currentTime is the seek's target: the clock has the frame shown
    const failedNow = { timeMs: v.seeking ? clock.currentTimeMs : v.currentTime * 1000, play: clock.playing || !v.paused, playbackRate: v.playbackRate };
    // a replacement that fails before it got its resume goes on from that resume, not from its own paused state
    const { timeMs: atMs, play, playbackRate } = resumeAfterFailure(recovery.resume, v, failedNow);
    if (mediaRecoveryDecision(v.error.code, atMs, recovery.failuresMs) === 'retry') {
      const resume = { timeMs: atMs, play, playbackRate, failed: v };
      setRecovery((r) => ({ generation: r.generation + 1, failuresMs: [...r.failuresMs, atMs], resume }));
      return;
    }
    // nothing goes on any more: a resume still waiting for an element is dropped with the rest
    setRecovery((r) => ({ ...r, resume: null }));
    setMediaError(mediaErrorText(v.error, atMs));
  };
  // The new element goes on once its own duration probe is done (`clock.ready` is about the element it is given; for
  // a render or two after the failure, `video` is still the failed one).
  useEffect(() => {
    const resume = recovery.resume;
    if (!video || !resume || video === resume.failed || !clock.ready) return;
    setRecovery((r) => ({ ...r, resume: null }));
    clock.seek(resume.timeMs);
    clock.setPlaybackRate(resume.playbackRate);
    if (resume.play) void video.play().catch(() => undefined);
  }, [video, clock, recovery.resume]);

  const shownError = error ?? exportState.error ?? mediaError;
  return (
    <section className="panel replay-panel" data-testid="replay" data-session-id={sessionId} data-ready={clock.ready} data-source={session?.source?.kind ?? 'camera'} data-media-recoveries={recovery.failuresMs.length}>
      <div className="replay-header">
        <h2>Replay{session ? ` · ${session.name}` : ''}</h2>
        <button onClick={() => void exportZip()} disabled={!session || !media || exportState.busy} data-testid="replay-export">
          {exportState.busy ? 'Exporting…' : 'Export .zip'}
        </button>
        <button onClick={onClose} data-testid="replay-close">Close</button>
      </div>
      {shownError && <p className="message error" data-testid="replay-error">{shownError}</p>}
      {!shownError && recovery.failuresMs.length > 0 && (
        <p className="muted small" data-testid="replay-recovered">
          The video decoder stopped at {describeRestartPoints(recovery.failuresMs.map((ms) => formatMediaTime(ms)))} and was restarted there; the recording is unchanged.
        </p>
      )}
      {!session && !error && <p className="muted small">Loading…</p>}
      <ReplayTrackPicker faces={faces} chosen={chosenTrack} onChoose={setChosenTrack} />
      {shown && url && (
        <ReplayAnnotations
          session={shown} store={store} reload={reload} video={video} face={faces.find((f) => f.trackId === chosenTrack) ?? null}
          currentTimeMs={clock.currentTimeMs} onSeek={clock.seek} annotationSlot={annotationSlot}
          media={(
            <div className="replay-media">
              <div className="replay-video-wrap">
                <video key={recovery.generation} ref={setVideo} src={url} preload="auto" playsInline data-testid="replay-video" onError={onMediaError} />
                {boxes && session && faces.length > 0 && (
                  <ReplayFaceOverlay video={video} videoReady={clock.ready} frames={session.frames} boxes={boxes} faces={faces} chosenTrackId={chosenTrack} currentTimeMs={clock.currentTimeMs} />
                )}
              </div>
              <ReplayControls clock={clock} durationMs={shown.durationMs} />
            </div>
          )}
          plots={<ReplayPlots session={shown} currentTimeMs={clock.currentTimeMs} />}
        />
      )}
    </section>
  );
}

/** What a failed media element means to the user, and what to do (MediaError codes: 2 network, 3 decode, 4 format). */
export function mediaErrorText(error: { code: number; message?: string }, atMs: number): string {
  const what = error.code === 3 ? 'could not be decoded' : error.code === 4 ? 'is in a format this browser cannot play' : 'could not be read';
  const detail = error.message ? ` (${error.message})` : '';
  return `The recording ${what} at ${formatMediaTime(atMs)}${detail}; playback stopped. Close the replay and open the session again to go on from the library; the session itself is unchanged (Export .zip gives its media file for another player).`;
}

