/**
 * The page `npm run bench:soak` (bench/soak.mjs) drives: the app's own SessionStore, export and import
 * under a long synthetic recording. Frames are what the live page records (478 landmarks, all outputs) at 30 fps
 * of media time; the media is a short clip's bytes repeated at its own bitrate. Fed as fast as the store takes them
 * (the report gives the wall time), one media chunk and one second of frames per transaction, as a recording writes.
 */
import { ACTION_UNITS, EXPRESSIONS } from '../../src/core/labels';
import type { FrameRecord } from '../../src/core/session';
import { SessionStore } from '../../src/io/session-store';
import { writeStoredSessionZip } from '../../src/app/replay/export';
import { importSessionFile } from '../../src/app/replay/import';

const FRAME_RATE_HZ = 30;
const LANDMARKS = 478;

interface Sample {
  mediaMinutes: number;
  wallS: number;
  heapUsedBytes: number | null;
  storageUsedBytes: number | null;
}

function heapUsedBytes(): number | null {
  (globalThis as { gc?: () => void }).gc?.(); // --js-flags=--expose-gc: the heap after a collection, not its garbage
  return (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null;
}

async function storageUsedBytes(): Promise<number | null> {
  return (await navigator.storage?.estimate?.())?.usage ?? null;
}

function frameAt(mediaTimeMs: number, k: number): FrameRecord {
  const phase = k / 97;
  return {
    mediaTimeMs,
    faceFound: true,
    prediction: {
      valence: Math.sin(phase) * 0.8,
      arousal: Math.cos(phase) * 0.6,
      actionUnitProbabilities: ACTION_UNITS.map((_, i) => (Math.sin(phase + i) + 1) / 2),
      expressionProbabilities: EXPRESSIONS.map(() => 1 / EXPRESSIONS.length),
    },
    landmarks: Array.from({ length: LANDMARKS * 2 }, (_, i) => Math.round((0.3 + 0.4 * ((i * 7919 + k) % 1000) / 1000) * 1e5) / 1e5),
  };
}

const api = {
  /** Records `minutes` of synthetic session; samples at the given media minutes (and the end). */
  async record(minutes: number, checkpointsMin: number[], clipUrl: string, clipSeconds: number) {
    const clip = new Uint8Array(await (await fetch(clipUrl)).arrayBuffer());
    const bytesPerSecond = Math.ceil(clip.byteLength / clipSeconds);
    const store = await SessionStore.open({ dbName: 'affectscope-soak' });
    const id = await store.beginSession({ name: `soak ${minutes} min`, mimeType: 'video/webm;codecs=vp8,opus', model: { id: 'soak', name: 'synthetic', trained: false } });
    const samples: Sample[] = [{ mediaMinutes: 0, wallS: 0, heapUsedBytes: heapUsedBytes(), storageUsedBytes: await storageUsedBytes() }];
    const startMs = performance.now();
    const pending = [...checkpointsMin.filter((m) => m <= minutes)].sort((a, b) => a - b);
    let k = 0;
    for (let second = 0; second < minutes * 60; second++) {
      const offset = (second * bytesPerSecond) % clip.byteLength;
      const bytes = clip.slice(offset, Math.min(clip.byteLength, offset + bytesPerSecond));
      await store.appendMediaChunk(id, bytes, (second + 1) * 1000);
      const frames = Array.from({ length: FRAME_RATE_HZ }, (_, i) => frameAt(second * 1000 + (i * 1000) / FRAME_RATE_HZ, k++));
      await store.appendFrames(id, frames);
      if (pending.length > 0 && (second + 1) / 60 >= pending[0]) {
        pending.shift();
        samples.push({ mediaMinutes: (second + 1) / 60, wallS: (performance.now() - startMs) / 1000, heapUsedBytes: heapUsedBytes(), storageUsedBytes: await storageUsedBytes() });
        // bench/soak.mjs measures the heap over CDP while the recording waits here, with nothing of it in flight
        await (window as unknown as { __soakCheckpoint?: (mediaMinutes: number) => Promise<void> }).__soakCheckpoint?.((second + 1) / 60);
      }
    }
    const summary = await store.finishSession(id);
    store.close();
    return { sessionId: id, frames: summary.frameCount, mediaBytes: summary.byteLength, wallS: (performance.now() - startMs) / 1000, samples };
  },

  /**
   * Exports the session as the replay's Export does where there is no save picker (streamed, gathered in Blob parts),
   * then imports the zip into another library as the library's Import does. With `deleteSource` the session is
   * deleted from its library between the two (a session moved to another profile): the profile's quota need not hold
   * two copies of an hour of media besides the zip (with both kept, the 60-minute file analysis's import hit it).
   */
  async exportImport(dbName: string, id: string, deleteSource: boolean) {
    const store = await SessionStore.open({ dbName });
    const heapBefore = heapUsedBytes();
    let t = performance.now();
    const parts: Blob[] = [];
    await writeStoredSessionZip(store, id, (bytes) => void parts.push(new Blob([bytes.slice()])));
    const zip = new Blob(parts, { type: 'application/zip' });
    const exportS = (performance.now() - t) / 1000;
    const heapAfterExport = heapUsedBytes();
    if (deleteSource) await store.delete(id);
    const target = await SessionStore.open({ dbName: `${dbName}-import` });
    for (const s of await target.list()) await target.delete(s.id);
    t = performance.now();
    const imported = await importSessionFile(target, new File([zip], 'soak.zip', { type: 'application/zip' }));
    const importS = (performance.now() - t) / 1000;
    store.close();
    target.close();
    return { zipBytes: zip.size, sourceDeleted: deleteSource, exportS, importS, importedFrames: imported.frameCount, heapBeforeBytes: heapBefore, heapAfterExportBytes: heapAfterExport, heapAfterBytes: heapUsedBytes() };
  },

  /** The app's library (same origin): the newest session's id. */
  async newestSessionId(dbName: string) {
    const store = await SessionStore.open({ dbName });
    const [newest] = await store.list();
    store.close();
    return newest?.id ?? null;
  },

  heapUsedBytes,
  storageUsedBytes,
};

(window as unknown as { __soak: typeof api }).__soak = api;
document.querySelector<HTMLElement>('[data-testid="soak"]')!.dataset.state = 'ready';
