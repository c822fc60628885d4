import { describe, expect, it, vi } from 'vitest';
import type { PersistenceState } from '../../io/persistent-storage';
import { PersistenceAsker, persistenceMessage } from './persistence';

function fakeStorage(persisted: boolean, grants: boolean | Error) {
  return {
    persisted: vi.fn(async () => persisted),
    persist: vi.fn(async () => {
      if (grants instanceof Error) throw grants;
      return grants;
    }),
  };
}

const OPENED_MS = Date.parse('2025-03-02T10:00:00Z');
const before = { updatedAtIso: '2025-03-01T10:00:00.000Z', state: 'complete' };
const savedNow = { updatedAtIso: '2025-03-02T10:05:00.000Z', state: 'complete' };
const recordingNow = { updatedAtIso: '2025-03-02T10:05:00.000Z', state: 'recording' };

/** The states the asker reports as the library shows `steps` (each the list of sessions at that moment). */
async function run(storage: unknown, steps: Array<Array<{ updatedAtIso: string; state: string }>>) {
  const states: PersistenceState[] = [];
  const asker = new PersistenceAsker(storage as never, OPENED_MS, (s) => states.push(s));
  await asker.start();
  for (const sessions of steps) await asker.sessions(sessions);
  return states;
}

describe('PersistenceAsker', () => {
  it('asks once, when a session is saved on this page, not for sessions of earlier visits or one still recording', async () => {
    const storage = fakeStorage(false, true);
    expect(await run(storage, [[], [before, before], [before, recordingNow]])).toEqual(['best-effort']);
    expect(storage.persist).not.toHaveBeenCalled();
    expect(await run(storage, [[before], [before, savedNow], [before, savedNow, savedNow]])).toEqual(['best-effort', 'persisted']);
    expect(storage.persist).toHaveBeenCalledTimes(1);
  });

  it('a refusal or a failed request stays best-effort and is not asked again', async () => {
    const refused = fakeStorage(false, false);
    expect(await run(refused, [[savedNow], [savedNow, savedNow]])).toEqual(['best-effort', 'best-effort']);
    expect(refused.persist).toHaveBeenCalledTimes(1);
    expect(await run(fakeStorage(false, new Error('opaque origin')), [[savedNow]])).toEqual(['best-effort', 'best-effort']);
  });

  it('does not ask when already persistent, and says unsupported without the API', async () => {
    const granted = fakeStorage(true, true);
    expect(await run(granted, [[savedNow]])).toEqual(['persisted']);
    expect(granted.persist).not.toHaveBeenCalled();
    expect(await run(null, [[savedNow]])).toEqual(['unsupported']);
    expect(await run({ persisted: async () => false }, [[savedNow]])).toEqual(['unsupported']);
  });
});

describe('persistenceMessage', () => {
  it('says what eviction means when storage is not persistent', () => {
    expect(persistenceMessage('persisted')).toMatch(/will not delete these sessions/);
    expect(persistenceMessage('best-effort')).toBe('Storage is not persistent: the browser may delete these sessions when the disk runs low: export the ones you need.');
    expect(persistenceMessage('unsupported')).toMatch(/^This browser cannot keep storage persistent: the browser may delete these sessions when the disk runs low/);
  });
});
