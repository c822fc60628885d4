import { errorMessage } from '../../core/errors';
import { useCallback, useEffect, useState } from 'react';
import type { FaceBoxes, SessionRecord } from '../../core/session';
import type { SessionStore } from '../../io/session-store';

export interface ReplaySession {
  session: SessionRecord | null;
  /** the recording as stored; loaded once, so reload() never restarts the video */
  media: Blob | null;
  /** where each face was in each frame, and the census that names them as the export does; null until loaded */
  faces: FaceBoxes | null;
  error: string | null;
  /** reads the session's annotation tracks again (e.g. after one was saved); the frames and media are kept */
  reload(): Promise<void>;
}


/**
 * Loads session `sessionId` from the library for replay (frames without landmarks, media read in bounded pieces:
 * SessionStore.loadForReplay); a later id replaces it, and a stale load is dropped.
 */
export function useReplaySession(store: SessionStore, sessionId: string): ReplaySession {
  const [session, setSession] = useState<SessionRecord | null>(null);
  const [media, setMedia] = useState<Blob | null>(null);
  const [faces, setFaces] = useState<FaceBoxes | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    setSession(null);
    setMedia(null);
    setFaces(null);
    setError(null);
    store
      .loadForReplay(sessionId)
      .then((loaded) => {
        if (cancelled) return;
        setSession(loaded.session);
        setMedia(loaded.media);
        setFaces(loaded.faces);
      })
      .catch((e: unknown) => { if (!cancelled) setError(`Could not open the session: ${errorMessage(e)}`); });
    return () => { cancelled = true; };
  }, [store, sessionId]);

  const reload = useCallback(async () => {
    try {
      const header = await store.loadSessionHeader(sessionId);
      setSession((current) => (current ? { ...current, annotations: header.annotations } : current));
      setError(null);
    } catch (e) {
      setError(`Could not reload the session: ${errorMessage(e)}`);
    }
  }, [store, sessionId]);

  return { session, media, faces, error, reload };
}

/** An object URL for `blob` while it is mounted; revoked when the blob changes or on unmount. */
export function useObjectUrl(blob: Blob | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!blob) return setUrl(null);
    const created = URL.createObjectURL(blob);
    setUrl(created);
    return () => URL.revokeObjectURL(created);
  }, [blob]);
  return url;
}
