import { errorMessage } from '../../core/errors';
import { useCallback, useMemo, useRef, useState } from 'react';
import { emptyUndoStack, peekEdit, popEdit, pushEdit, type TrackEdit } from '../../core/annotation';
import type { AnnotationKind, AnnotationTrack, SessionRecord } from '../../core/session';
import type { SessionStore } from '../../io/session-store';

export type AnnotationStore = Pick<SessionStore, 'saveAnnotationTrack' | 'deleteAnnotationTrack'>;

export interface AnnotationTracks {
  /** the session's tracks with the ones saved (or deleted) here since it was loaded */
  tracks: AnnotationTrack[];
  /** the newest track of this annotator and kind, including one whose save is still running */
  find<K extends AnnotationKind>(annotator: string, kind: K): Extract<AnnotationTrack, { kind: K }> | undefined;
  /**
   * Stores the track at once (then calls onSaved) and remembers the one it replaced for undo();
   * `description` says what the edit did (shown on the Undo button). False when it failed, with
   * `error` saying why.
   */
  save(track: AnnotationTrack, description?: string): Promise<boolean>;
  /** puts back the track the newest saved edit replaced (deletes it if the edit created it) */
  undo(): Promise<boolean>;
  /** what undo() would revert, or null */
  lastEdit: TrackEdit | null;
  error: string | null;
}

const keyOf = (annotator: string, kind: AnnotationKind) => `${kind}\u0000${annotator}`;

/**
 * Saving annotation tracks. Tracks saved here are kept locally as well (null: deleted by an
 * undo), so the panel and the timeline stay right while (or if) the caller's reload of the session
 * is still on its way, and two quick edits never build on a stale copy.
 */
export function useAnnotationTracks(session: SessionRecord, store: AnnotationStore, onSaved?: () => void | Promise<void>): AnnotationTracks {
  const local = useRef(new Map<string, AnnotationTrack | null>());
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const undoRef = useRef(emptyUndoStack());
  const [lastEdit, setLastEdit] = useState<TrackEdit | null>(null);
  const setUndo = (stack: typeof undoRef.current) => { undoRef.current = stack; setLastEdit(peekEdit(stack)); };

  const tracks = useMemo(() => {
    const merged = new Map<string, AnnotationTrack | null>(session.annotations.map((t) => [keyOf(t.annotator, t.kind), t] as const));
    for (const [key, track] of local.current) merged.set(key, track);
    return [...merged.values()].filter((t): t is AnnotationTrack => t !== null);
    // `version` changes whenever `local` does
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [session.annotations, version]);

  const find = useCallback(<K extends AnnotationKind>(annotator: string, kind: K) => {
    const key = keyOf(annotator, kind);
    const track = local.current.has(key) ? local.current.get(key) ?? undefined : session.annotations.find((t) => keyOf(t.annotator, t.kind) === key);
    return track as Extract<AnnotationTrack, { kind: K }> | undefined;
  }, [session.annotations]);

  /** Writes `track` (or deletes annotator's `kind` track when null); the local copy is put back if the store refuses. */
  const write = useCallback(async (annotator: string, kind: AnnotationKind, track: AnnotationTrack | null) => {
    const key = keyOf(annotator, kind);
    const had = local.current.has(key);
    const before = local.current.get(key);
    local.current.set(key, track);
    setVersion((v) => v + 1);
    setError(null);
    try {
      if (track) await store.saveAnnotationTrack(session.id, track);
      else await store.deleteAnnotationTrack(session.id, annotator, kind);
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

  const save = useCallback(async (track: AnnotationTrack, description = `${track.kind} edit`) => {
    const before = find(track.annotator, track.kind) ?? null;
    const saved = await write(track.annotator, track.kind, track);
    if (saved) setUndo(pushEdit(undoRef.current, { annotator: track.annotator, kind: track.kind, before, description }));
    return saved;
  }, [find, write]);

  const undo = useCallback(async () => {
    const { edit, stack } = popEdit(undoRef.current);
    if (!edit) return false;
    setUndo(stack);
    const restored = await write(edit.annotator, edit.kind, edit.before);
    if (!restored) setUndo(pushEdit(undoRef.current, edit));
    return restored;
  }, [write]);

  return { tracks, find, save, undo, lastEdit, error };
}
