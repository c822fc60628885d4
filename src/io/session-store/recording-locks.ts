/**
 * One Web Lock per session being recorded, held by the recording tab until finishSession or the
 * tab dies. recoverInterrupted skips sessions whose lock is held, so a second tab opened during a
 * recording does not mark the live session as interrupted.
 */
const LOCK_PREFIX = 'affectscope-recording:';

export class RecordingLocks {
  private readonly releases = new Map<string, () => void>();

  /** `locks`: navigator.locks, or null where the Web Locks API is missing (then only this tab's own recordings are known). */
  constructor(private readonly locks: LockManager | null) {}

  /** Resolves once the lock for `sessionId` is held. */
  async acquire(sessionId: string): Promise<void> {
    if (this.locks === null) {
      this.releases.set(sessionId, () => undefined);
      return;
    }
    const locks = this.locks;
    await new Promise<void>((acquired, reject) => {
      const held = new Promise<void>((release) => this.releases.set(sessionId, release));
      locks
        .request(LOCK_PREFIX + sessionId, { mode: 'exclusive' }, () => {
          acquired();
          return held;
        })
        .catch(reject);
    });
  }

  release(sessionId: string): void {
    this.releases.get(sessionId)?.();
    this.releases.delete(sessionId);
  }

  releaseAll(): void {
    for (const id of [...this.releases.keys()]) this.release(id);
  }

  /** Ids of sessions being recorded right now, in this tab or (with Web Locks) any other. */
  async recordingIds(): Promise<Set<string>> {
    const ids = new Set(this.releases.keys());
    if (this.locks !== null) {
      const snapshot = await this.locks.query();
      for (const lock of snapshot.held ?? []) {
        if (lock.name?.startsWith(LOCK_PREFIX)) ids.add(lock.name.slice(LOCK_PREFIX.length));
      }
    }
    return ids;
  }
}
