/**
 * When to ask for persistent storage: once per page, when a session is saved (one in the library was
 * written since the page opened and is not still recording: a recording stopped, a file analysis saved,
 * an import), unless storage is already persistent. Sessions saved on earlier visits never ask, so
 * opening the page does not prompt (Firefox shows persist() as a prompt).
 */
import { readPersistence, requestPersistence, type PersistenceState } from '../../io/persistent-storage';

type Storage = Parameters<typeof requestPersistence>[0];

/** What the asker reads of a library entry (SessionSummary). */
export interface SavedSession {
  updatedAtIso: string;
  state: string;
}

export class PersistenceAsker {
  private asked = false;
  private state: PersistenceState | null = null;

  /** `openedAtMs`: when the page opened, ms since the epoch (sessions written before it do not ask). */
  constructor(
    private readonly storage: Storage,
    private readonly openedAtMs: number,
    private readonly onState: (state: PersistenceState) => void,
  ) {}

  /** Reads the current state (no prompt). */
  async start(): Promise<void> {
    this.set(await readPersistence(this.storage));
  }

  /** The library's sessions now; asks when one was saved since the page opened and nothing was asked yet. */
  async sessions(list: readonly SavedSession[]): Promise<void> {
    if (this.asked || this.state === 'persisted' || this.state === 'unsupported') return;
    if (!list.some((s) => s.state !== 'recording' && Date.parse(s.updatedAtIso) >= this.openedAtMs)) return;
    this.asked = true;
    this.set(await requestPersistence(this.storage));
  }

  private set(state: PersistenceState): void {
    this.state = state;
    this.onState(state);
  }
}

/** What the library says about each state. */
export function persistenceMessage(state: PersistenceState): string {
  if (state === 'persisted') return 'Storage is persistent: the browser will not delete these sessions to free space.';
  const why = state === 'unsupported' ? 'This browser cannot keep storage persistent' : 'Storage is not persistent';
  return `${why}: the browser may delete these sessions when the disk runs low: export the ones you need.`;
}
