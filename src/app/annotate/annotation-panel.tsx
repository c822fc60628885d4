import { useId, useState } from 'react';
import { DEFAULT_VA_SAMPLER_OPTIONS, validateVaSamplerOptions } from '../../core/annotation';
import type { SessionRecord } from '../../core/session';
import { trackColour } from '../components/face-overlay';
import { AgreementTable } from './agreement-table';
import { AnnotationGuide } from './annotation-guide';
import './annotate.css';
import { LabelButtons } from './label-buttons';
import { useSharedAnnotationTracks } from './tracks-context';
import { useAnnotationTracks, type AnnotationStore } from './use-annotation-tracks';
import { VaRatingControls } from './va-rating-controls';

export interface AnnotationPanelProps {
  /** the replay's video; its clock (currentTime) is the media clock every label is placed on */
  video: HTMLVideoElement;
  session: SessionRecord;
  /** the replay's current media time, ms (shown; labels read video.currentTime at the press) */
  currentTimeMs: number;
  store: AnnotationStore;
  /** called after each saved track, e.g. the replay's reload() */
  onSaved?: () => void | Promise<void>;
  /** continuous VA sampling rate, Hz (default 10) */
  rateHz?: number;
  /** the face annotated in a session with several people (the replay's choice); absent or null: one person's session */
  face?: AnnotatedFace | null;
}

/** A face of a session with several people, as the replay's face picker names it (ReplayFace). */
export interface AnnotatedFace {
  /** null: each frame's largest face */
  trackId: number | null;
  /** "left face", "face 3", "largest face" */
  label: string;
}

/**
 * Human annotation of a recorded session, as Aff-Wild was annotated (Kollias & Zafeiriou 2019 §2):
 * continuous valence–arousal by pointer or joystick, expression segments, AU presence, one
 * named track per annotator and kind, and their agreement with the model and each other. Inside
 * a replay the tracks are the ones its timeline shows and edits (AnnotationTracksContext).
 */
export function AnnotationPanel({ video, session, currentTimeMs, store, onSaved, rateHz = DEFAULT_VA_SAMPLER_OPTIONS.rateHz, face = null }: AnnotationPanelProps) {
  const [name, setName] = useState('');
  const annotator = name.trim();
  const own = useAnnotationTracks(session, store, onSaved, face?.trackId ?? null);
  // inside a replay the timeline edits the same tracks: use its copy (see tracks-context.ts)
  const tracks = useSharedAnnotationTracks() ?? own;
  const listId = useId();
  // every annotator of the session, whichever face they annotated, so a name is typed the same way for each face
  const known = [...new Set([...session.annotations, ...tracks.tracks].map((t) => t.annotator))];
  const { rateHz: validRateHz } = validateVaSamplerOptions({ rateHz });
  // With several people, "largest face" follows whoever is largest in each frame: annotations are of one person.
  const choosePerson = face !== null && face.trackId === null;
  const canAnnotate = annotator !== '' && !choosePerson;

  return (
    <section className="panel annotate" data-testid="annotation-panel" aria-label="annotation">
      <h2>
        Annotate
        {face && (
          <span className="annotate-face" data-testid="annotation-face" data-track-id={face.trackId ?? ''}>
            {face.trackId !== null && <span className="track-swatch" aria-hidden="true" style={{ background: trackColour(face.trackId) }} />}
            {face.label}
          </span>
        )}
      </h2>
      <div className="annotate-name">
        <label>
          Annotator <input data-testid="annotator-name" value={name} list={listId} placeholder="your name" onChange={(e) => setName(e.target.value)} />
        </label>
        <datalist id={listId}>{known.map((n) => <option key={n} value={n} />)}</datalist>
        <span className="muted small">at {(Math.max(0, Math.floor(currentTimeMs / 100)) / 10).toFixed(1)} s</span>
      </div>
      {!annotator && <div className="muted small">Type a name to start annotating: each annotator has their own tracks.</div>}
      {choosePerson && (
        <div className="message info" data-testid="annotation-choose-face">
          Several people are in this session: choose whom to annotate with the face buttons above the replay. Each annotation belongs to one person; the largest face can be a different person from frame to frame.
        </div>
      )}
      <AnnotationGuide />
      <VaRatingControls annotator={annotator} video={video} tracks={tracks} rateHz={validRateHz} disabled={!canAnnotate} />
      <LabelButtons annotator={annotator} video={video} tracks={tracks} disabled={!canAnnotate} />
      {tracks.error && <div className="message error" role="alert" data-testid="annotation-error">{tracks.error}</div>}
      <h2>Agreement</h2>
      <AgreementTable session={session} tracks={tracks.tracks} />
    </section>
  );
}
