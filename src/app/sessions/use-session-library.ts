import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../core/errors';
import { SessionStore } from '../../io/session-store';
import type { SessionSummary } from '../../io/session-store/schema';

export interface SessionLibrary {
  store: SessionStore | null;
  sessions: SessionSummary[];
  usage: { usedBytes: number; quotaBytes: number } | null;
  /** sessions an earlier visit left mid-recording, closed at their last saved chunk */
  recovered: SessionSummary[];
  error: string | null;
  refresh(): Promise<void>;
  rename(id: string, name: string): Promise<void>;
  remove(id: string): Promise<void>;
  /** runs an action on the store; its error, if any, becomes the library's message */
  run(action: (store: SessionStore) => Promise<unknown>): Promise<void>;
}


/** Opens the session store, recovers interrupted recordings once, and keeps the list fresh. */
export function useSessionLibrary(): SessionLibrary {
  const [store, setStore] = useState<SessionStore | null>(null);
  const [sessions, setSessions] = useState<SessionSummary[]>([]);
  const [usage, setUsage] = useState<SessionLibrary['usage']>(null);
  const [recovered, setRecovered] = useState<SessionSummary[]>([]);
  const [error, setError] = useState<string | null>(null);

  const refreshFrom = useCallback(async (s: SessionStore) => {
    setSessions(await s.list());
    setUsage(await s.estimate());
  }, []);

  useEffect(() => {
    let opened: SessionStore | null = null;
    let cancelled = false;
    SessionStore.open()
      .then(async (s) => {
        opened = s;
        if (cancelled) return s.close();
        setRecovered(await s.recoverInterrupted());
        setStore(s);
        await refreshFrom(s);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
    return () => {
      cancelled = true;
      opened?.close();
    };
  }, [refreshFrom]);

  const guarded = useCallback(
    async (action: (s: SessionStore) => Promise<unknown>) => {
      if (!store) return;
      try {
        await action(store);
        setError(null);
      } catch (e) {
        setError(errorMessage(e));
      }
      await refreshFrom(store);
    },
    [store, refreshFrom],
  );

  return {
    store,
    sessions,
    usage,
    recovered,
    error,
    refresh: () => guarded(async () => undefined),
    rename: (id, name) => guarded((s) => s.rename(id, name)),
    remove: (id) => guarded((s) => s.delete(id)),
    run: guarded,
  };
}
