import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../core/errors';
import { SessionStore } from '../../io/session-store';
import type { SessionSummary } from '../../io/session-store/schema';

export interface SessionLibrary {
  /** null until the store is open (a moment after the page loads) */
  store: SessionStore | null;
  /** the store once it is open: what a file picked in the meantime waits for; rejects with why it could not open */
  whenOpen(): Promise<SessionStore>;
  sessions: SessionSummary[];
  usage: { usedBytes: number; quotaBytes: number } | null;
  /** sessions an earlier visit left mid-recording, closed at their last saved chunk */
  recovered: SessionSummary[];
  error: string | null;
  refresh(): Promise<void>;
  rename(id: string, name: string): Promise<void>;
  remove(id: string): Promise<void>;
  /** runs an action on the store, once it is open; its error, if any, becomes the library's message */
  run(action: (store: SessionStore) => Promise<unknown>): Promise<void>;
}


/** Opens the session store, recovers interrupted recordings once, and keeps the list fresh. */
export function useSessionLibrary(): SessionLibrary {
  const [store, setStore] = useState<SessionStore | null>(null);
  const [sessions, setSessions] = useState<SessionSummary[]>([]);
  const [usage, setUsage] = useState<SessionLibrary['usage']>(null);
  const [recovered, setRecovered] = useState<SessionSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  // A file picked or imported before the store has opened waits for it, rather than being refused or dropped.
  const [openSignal] = useState(() => {
    let resolve!: (store: SessionStore) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<SessionStore>((res, rej) => { resolve = res; reject = rej; });
    promise.catch(() => undefined); // nobody may be waiting when it fails; the library's message says why
    return { promise, resolve, reject };
  });

  const whenOpen = useCallback(() => openSignal.promise, [openSignal]);

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
        openSignal.resolve(s);
        await refreshFrom(s);
      })
      .catch((e: unknown) => {
        if (cancelled) return;
        setError(errorMessage(e));
        openSignal.reject(new Error(errorMessage(e)));
      });
    return () => {
      cancelled = true;
      opened?.close();
    };
  }, [refreshFrom, openSignal]);

  const guarded = useCallback(
    async (action: (s: SessionStore) => Promise<unknown>) => {
      let s: SessionStore;
      try {
        s = await openSignal.promise;
      } catch {
        return; // the store could not open: the library's message already says why
      }
      try {
        await action(s);
        setError(null);
      } catch (e) {
        setError(errorMessage(e));
      }
      await refreshFrom(s);
    },
    [openSignal, refreshFrom],
  );

  return {
    store,
    whenOpen,
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
