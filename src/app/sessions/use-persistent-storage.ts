import { useEffect, useMemo, useState } from 'react';
import type { PersistenceState } from '../../io/persistent-storage';
import { PersistenceAsker, type SavedSession } from './persistence';

/** Whether the library's storage is persistent (null until known); asks for it once a session is saved on this page (PersistenceAsker). */
export function usePersistentStorage(sessions: readonly SavedSession[], storage: StorageManager | null = globalThis.navigator?.storage ?? null): PersistenceState | null {
  const [state, setState] = useState<PersistenceState | null>(null);
  const [openedAtMs] = useState(() => Date.now());
  const asker = useMemo(() => new PersistenceAsker(storage, openedAtMs, setState), [storage, openedAtMs]);
  useEffect(() => void asker.start(), [asker]);
  useEffect(() => void asker.sessions(sessions), [asker, sessions]);
  return state;
}
