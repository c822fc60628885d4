/**
 * Persistent storage (Storage Standard §4.5): a site whose storage is only "best-effort" may have it
 * deleted by the browser when the disk runs low; persist() asks for it to be kept. Chrome decides
 * without a prompt (site engagement, installed app), Firefox asks the user.
 */

/** 'persisted': the browser keeps the library; 'best-effort': it may evict it; 'unsupported': this browser cannot say or ask. */
export type PersistenceState = 'persisted' | 'best-effort' | 'unsupported';

type PersistApi = Pick<StorageManager, 'persist' | 'persisted'>;

function api(storage: Partial<PersistApi> | null | undefined): PersistApi | null {
  return storage && typeof storage.persist === 'function' && typeof storage.persisted === 'function' ? (storage as PersistApi) : null;
}

/** Whether the site's storage is persistent now (asks nothing). */
export async function readPersistence(storage: Partial<PersistApi> | null | undefined): Promise<PersistenceState> {
  const s = api(storage);
  if (!s) return 'unsupported';
  return (await s.persisted()) ? 'persisted' : 'best-effort';
}

/** Asks for persistent storage; the answer (a refusal or a failed request is 'best-effort'). */
export async function requestPersistence(storage: Partial<PersistApi> | null | undefined): Promise<PersistenceState> {
  const s = api(storage);
  if (!s) return 'unsupported';
  try {
    return (await s.persist()) ? 'persisted' : 'best-effort';
  } catch {
    // persist() rejects only where storage is unusable (e.g. an opaque origin): the library is then no safer than best-effort
    return 'best-effort';
  }
}
