import { errorMessage } from '../../core/errors';
import { useCallback, useMemo, useRef, useState } from 'react';
import { emptyUndoStack, peekEdit, popEdit, pushEdit, type TrackEdit } from '../../core/annotation';
import type { AnnotationKind, AnnotationTrack, SessionRecord } from '../../core/session';
import type { SessionStore } from '../../io/session-store';

export type AnnotationStore = Pick<SessionStore, 'saveAnnotationTrack' | 'deleteAnnotationTrack'>;

export interface AnnotationTracks {
  /** the face annotated: a track id (AnnotationTrack.face), or null for each frame's largest face */
  face: number | null;
  /** the session's tracks of that face with the ones saved (or deleted) here since it was loaded */
  tracks: AnnotationTrack[];
  /**
   * the newest track of this annotator and kind for the face (or for `ofFace`, e.g. the face a pass began on),
   * including one whose save is still running
   */
  find<K extends AnnotationKind>(annotator: string, kind: K, ofFace?: number | null): Extract<AnnotationTrack, { kind: K }> | undefined;
  /**
   * Stores the track at once as the face's (or `ofFace`'s: a label or a VA pass begun before the face picker changed
   * stays with the face it began on), then calls onSaved, and remembers the one it replaced for undo();
   * `description` says what the edit did (shown on the Undo button). False when it failed, with
   * `error` saying why.
   */
  save(track: AnnotationTrack, description?: string, ofFace?: number | null): Promise<boolean>;
  /** puts back the track the newest saved edit replaced (deletes it if the edit created it) */
  undo(): Promise<boolean>;
  /** what undo() would revert, or null */
  lastEdit: TrackEdit | null;
  error: string | null;
}

const keyOf = (annotator: string, kind: AnnotationKind, face: number | null) => `${kind}\u0000${face ?? ''}\u0000${annotator}`;
const faceOf = (track: AnnotationTrack): number | null => track.face ?? null;
/** `track` as a track of `face` */
const withFace = (track: AnnotationTrack, face: number | null): AnnotationTrack => {
  const { face: _previous, ...rest } = track;
  return face === null ? rest : { ...rest, face };
};

/**
 * Saving annotation tracks of one face (`face`: a track id, or null for each frame's largest face, the only choice
 * in a session of one person). Tracks saved here are kept locally as well (null: deleted by an
 * undo), so the panel and the timeline stay right while (or if) the caller's reload of the session
 * is still on its way, and two quick edits never build on a stale copy.
 */
export function useAnnotationTracks(session: SessionRecord, store: AnnotationStore, onSaved?: () => void | Promise<void>, face: number | null = null): AnnotationTracks {
  const local = useRef(new Map<string, AnnotationTrack | null>());
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const undoRef = useRef(emptyUndoStack());
  const [lastEdit, setLastEdit] = useState<TrackEdit | null>(null);
  const setUndo = (stack: typeof undoRef.current) => { undoRef.current = stack; setLastEdit(peekEdit(stack)); };

  const tracks = useMemo(() => {
    const merged = new Map<string, AnnotationTrack | null>(session.annotations.map((t) => [keyOf(t.annotator, t.kind, faceOf(t)), t] as const));
    for (const [key, track] of local.current) merged.set(key, track);
    return [...merged.values()].filter((t): t is AnnotationTrack => t !== null && faceOf(t) === face);
    // `version` changes whenever `local` does
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [session.annotations, version, face]);

  const find = useCallback(<K extends AnnotationKind>(annotator: string, kind: K, ofFace: number | null = face) => {
    const key = keyOf(annotator, kind, ofFace);
    const track = local.current.has(key) ? local.current.get(key) ?? undefined : session.annotations.find((t) => keyOf(t.annotator, t.kind, faceOf(t)) === key);
    return track as Extract<AnnotationTrack, { kind: K }> | undefined;
  }, [session.annotations, face]);

  /** Writes `track` (or deletes annotator's `kind` track of `trackFace` when null); the local copy is put back if the store refuses. */
  const write = useCallback(async (annotator: string, kind: AnnotationKind, trackFace: number | null, track: AnnotationTrack | null) => {
    const key = keyOf(annotator, kind, trackFace);
    const had = local.current.has(key);
    const before = local.current.get(key);
    local.current.set(key, track);
    setVersion((v) => v + 1);
    setError(null);
    try {
      if (track) await store.saveAnnotationTrack(session.id, track);
      else await store.deleteAnnotationTrack(session.id, annotator, kind, trackFace);
    } catch (e) {
      if (had) local.current.set(key, before ?? null);
      else local.current.delete(key);
      setVersion((v) => v + 1);
      setError(`Could not ${track ? 'save' : 'delete'} ${annotator}'s ${kind} track: ${errorMessage(e)}`);
      return false;
    }
    await onSaved?.();
    return true;
  }, [onSaved, session.id, store]);

  const save = useCallback(async (track: AnnotationTrack, description = `${track.kind} edit`, ofFace: number | null = face) => {
    const before = find(track.annotator, track.kind, ofFace) ?? null;
    const saved = await write(track.annotator, track.kind, ofFace, withFace(track, ofFace));
    if (saved) setUndo(pushEdit(undoRef.current, { annotator: track.annotator, kind: track.kind, face: ofFace, before, description }));
    return saved;
  }, [face, find, write]);

  const undo = useCallback(async () => {
    const { edit, stack } = popEdit(undoRef.current);
    if (!edit) return false;
    setUndo(stack);
    const restored = await write(edit.annotator, edit.kind, edit.face, edit.before);
    if (!restored) setUndo(pushEdit(undoRef.current, edit));
    return restored;
  }, [write]);

  return { face, tracks, find, save, undo, lastEdit, error };
}
