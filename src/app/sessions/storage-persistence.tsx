import type { SavedSession } from './persistence';
import { persistenceMessage } from './persistence';
import { usePersistentStorage } from './use-persistent-storage';

/** One line under the library: whether the browser keeps these sessions, and what to do when it may not. */
export function StoragePersistence({ sessions }: { sessions: readonly SavedSession[] }) {
  const state = usePersistentStorage(sessions);
  if (state === null) return null;
  return (
    <p className="muted small" data-testid="storage-persisted" data-state={state} role={state === 'persisted' ? undefined : 'note'}>
      {persistenceMessage(state)}
    </p>
  );
}
