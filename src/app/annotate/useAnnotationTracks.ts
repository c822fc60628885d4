import { errorMessage } from '../../core/errors';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { AnnotationKind, AnnotationTrack, SessionRecord } from '../../core/session';
import type { SessionStore } from '../../io/session-store';

export type AnnotationStore = Pick<SessionStore, 'saveAnnotationTrack'>;

export interface AnnotationTracks {
  /** the session's tracks with the ones saved here since it was loaded (they replace the same annotator and kind) */
  tracks: AnnotationTrack[];
  /** the newest track of this annotator and kind, including one whose save is still running */
  find<K extends AnnotationKind>(annotator: string, kind: K): Extract<AnnotationTrack, { kind: K }> | undefined;
  /** stores the track (then calls onSaved); false when it failed, with `error` saying why */
  save(track: AnnotationTrack): Promise<boolean>;
  error: string | null;
}

const keyOf = (annotator: string, kind: AnnotationKind) => `${kind}\u0000${annotator}`;

/**
 * Saving annotation tracks. Tracks saved here are kept locally as well, so the panel stays right
 * while (or if) the caller's reload of the session is still on its way, and two quick edits never
 * build on a stale copy.
 */
export function useAnnotationTracks(session: SessionRecord, store: AnnotationStore, onSaved?: () => void | Promise<void>): AnnotationTracks {
  const local = useRef(new Map<string, AnnotationTrack>());
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);

  const tracks = useMemo(() => {
    const merged = new Map(session.annotations.map((t) => [keyOf(t.annotator, t.kind), t] as const));
    for (const [key, track] of local.current) merged.set(key, track);
    return [...merged.values()];
    // `version` changes whenever `local` does
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [session.annotations, version]);

  const find = useCallback(<K extends AnnotationKind>(annotator: string, kind: K) => {
    const key = keyOf(annotator, kind);
    const track = local.current.get(key) ?? session.annotations.find((t) => keyOf(t.annotator, t.kind) === key);
    return track as Extract<AnnotationTrack, { kind: K }> | undefined;
  }, [session.annotations]);

  const save = useCallback(async (track: AnnotationTrack) => {
    const key = keyOf(track.annotator, track.kind);
    const before = local.current.get(key);
    local.current.set(key, track);
    setVersion((v) => v + 1);
    setError(null);
    try {
      await store.saveAnnotationTrack(session.id, track);
    } catch (e) {
      if (before) local.current.set(key, before);
      else local.current.delete(key);
      setVersion((v) => v + 1);
      setError(`Could not save ${track.annotator}'s ${track.kind} track: ${errorMessage(e)}`);
      return false;
    }
    await onSaved?.();
    return true;
  }, [onSaved, session.id, store]);

  return { tracks, find, save, error };
}
