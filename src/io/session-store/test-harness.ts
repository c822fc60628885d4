/** Shared by the SessionStore tests: a fresh fake IndexedDB per test, recordings made of known bytes and frames, raw reads. */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { FrameRecord, SessionModel } from '../../core/session';
import { SessionStore, type SessionStoreOptions } from '.';
import { ALL_STORES, DEFAULT_DB_NAME } from './schema';

export const MODEL: SessionModel = { id: 'av-lite-untrained', name: 'A/V lite (untrained)', trained: false };
export const MIME = 'video/webm;codecs=vp8,opus';
const T0 = Date.parse('2025-03-01T12:00:00.000Z');

/** A fresh in-memory IndexedDB per test; the clock is fixed so createdAtIso is deterministic. */
export function harness(overrides: SessionStoreOptions = {}) {
  const factory = new IDBFactory();
  let clockMs = T0;
  const options: SessionStoreOptions = { factory, keyRange: IDBKeyRange, storage: null, locks: null, now: () => clockMs, ...overrides };
  return {
    factory,
    options,
    open: (extra: SessionStoreOptions = {}) => SessionStore.open({ ...options, ...extra }),
    tick: (ms: number) => (clockMs += ms),
  };
}

/** 256 distinct bytes per chunk, so a wrong order or a lost chunk changes the concatenation. */
export function mediaChunk(k: number): Uint8Array<ArrayBuffer> {
  return Uint8Array.from({ length: 256 + k }, (_, i) => (i * 7 + k * 31) & 0xff);
}

/** 10 frames per second from `startMs` to `endMs` (exclusive); every other one with a face and a prediction. */
export function framesBetween(startMs: number, endMs: number): FrameRecord[] {
  const frames: FrameRecord[] = [];
  for (let t = startMs; t < endMs; t += 100) {
    const faceFound = Math.round(t / 100) % 2 === 0;
    frames.push({
      mediaTimeMs: t,
      faceFound,
      prediction: faceFound
        ? { valence: 0.5, arousal: -0.25, actionUnitProbabilities: new Array(8).fill(0.5), expressionProbabilities: new Array(7).fill(1 / 7) }
        : null,
      landmarks: faceFound ? [0.1, 0.2, 0.3, 0.4] : null,
    });
  }
  return frames;
}

/** Records `chunks` seconds: one media chunk and 1 s of frames per second, without finishing. */
export async function record(store: SessionStore, name: string, chunks: number, framesUntilMs = chunks * 1000) {
  const id = await store.beginSession({ name, mimeType: MIME, model: MODEL });
  const media: Uint8Array<ArrayBuffer>[] = [];
  for (let k = 0; k < chunks; k++) {
    media.push(mediaChunk(k));
    await store.appendMediaChunk(id, new Blob([media[k]]), (k + 1) * 1000);
    await store.appendFrames(id, framesBetween(k * 1000, k === chunks - 1 ? framesUntilMs : (k + 1) * 1000));
  }
  return { id, media };
}

/** Every raw record of every store, read past the SessionStore, to check what is really on disk. */
export async function rawRecords(factory: IDBFactory): Promise<Record<string, unknown[]>> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = factory.open(DEFAULT_DB_NAME);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const tx = db.transaction(ALL_STORES, 'readonly');
  const result: Record<string, unknown[]> = {};
  await Promise.all(
    ALL_STORES.map(
      (name) =>
        new Promise<void>((resolve) => {
          const request = tx.objectStore(name).getAll();
          request.onsuccess = () => {
            result[name] = request.result;
            resolve();
          };
        }),
    ),
  );
  db.close();
  return result;
}

export async function blobBytes(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

/** Enough of the Web Locks API for RecordingLocks: exclusive locks that are granted at once when free. */
export class FakeLocks {
  private readonly held = new Set<string>();
  async request(name: string, _options: LockOptions, callback: () => Promise<void>): Promise<void> {
    if (this.held.has(name)) throw new Error(`fake lock ${name} is taken`);
    this.held.add(name);
    try {
      await callback();
    } finally {
      this.held.delete(name);
    }
  }
  async query(): Promise<LockManagerSnapshot> {
    return { held: [...this.held].map((name) => ({ name, mode: 'exclusive' as const, clientId: 'tab' })), pending: [] };
  }
  heldNames(): string[] {
    return [...this.held];
  }
}
