/** The state a view draws, as React's useSyncExternalStore reads it: an immutable snapshot, replaced on each change. */
export class SnapshotStore<T extends object> {
  private snapshot: T;
  private readonly listeners = new Set<() => void>();

  constructor(initial: T) {
    this.snapshot = initial;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): T => this.snapshot;

  update(patch: Partial<T>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}

/**
 * `subscribe` whose listener hears at most one change per animation frame: a face result and its prediction arrive
 * ~15 ms apart, and each re-rendered the whole page: about 40 renders a second at 20 fps, on the main thread that
 * also captures the frames (with this: live 20 -> 23 fps here, `bench/live.mjs`). The snapshot is read fresh at each
 * render; a hidden page renders nothing until it is shown.
 */
export function oncePerAnimationFrame(subscribe: (listener: () => void) => () => void): (listener: () => void) => () => void {
  return (listener) => {
    let pending = 0;
    const unsubscribe = subscribe(() => {
      if (pending === 0) pending = requestAnimationFrame(() => ((pending = 0), listener()));
    });
    return () => {
      if (pending !== 0) cancelAnimationFrame(pending);
      unsubscribe();
    };
  };
}
