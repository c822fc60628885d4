import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { oncePerAnimationFrame, SnapshotStore } from './snapshot-store';

describe('oncePerAnimationFrame', () => {
  let frames: Map<number, () => void>;
  let nextId: number;
  const runFrame = () => {
    const callbacks = [...frames.values()];
    frames.clear();
    callbacks.forEach((c) => c());
  };
  beforeEach(() => {
    frames = new Map();
    nextId = 1;
    vi.stubGlobal('requestAnimationFrame', (callback: () => void) => (frames.set(nextId, callback), nextId++));
    vi.stubGlobal('cancelAnimationFrame', (id: number) => frames.delete(id));
  });
  afterEach(() => vi.unstubAllGlobals());

  it('a face result and its prediction in one frame re-render the page once, with the newest snapshot', () => {
    const store = new SnapshotStore({ n: 0 });
    const seen: number[] = [];
    const unsubscribe = oncePerAnimationFrame(store.subscribe)(() => seen.push(store.getSnapshot().n));
    store.update({ n: 1 });
    store.update({ n: 2 });
    expect(seen).toEqual([]);
    runFrame();
    expect(seen).toEqual([2]);
    store.update({ n: 3 });
    runFrame();
    expect(seen).toEqual([2, 3]);
    runFrame(); // no change, no render
    expect(seen).toEqual([2, 3]);
    // unsubscribed (the view unmounted): a pending render is cancelled
    store.update({ n: 4 });
    unsubscribe();
    runFrame();
    expect(seen).toEqual([2, 3]);
  });
});
