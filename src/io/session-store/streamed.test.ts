import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { AffectscopeError } from '../../core/errors';
import { bytesZipSource, importSessionZipStream, writeSessionZip } from '../../core/session';
import { syntheticFrame, syntheticMediaChunk, syntheticSessionHeader } from '../../core/session/synthetic-session';
import { SessionStore } from '../session-store';

const FPS = 30;
const MEDIA_CHUNK_BYTES = 64 * 1024;

function openStore(): Promise<SessionStore> {
  return SessionStore.open({ factory: new IDBFactory(), keyRange: IDBKeyRange, storage: null, locks: null, now: () => Date.parse('2025-03-02T00:00:00Z') });
}

/** Records a synthetic session as the recorder does: one frame chunk and one media chunk per second. */
async function recordSynthetic(store: SessionStore, frameCount: number, mediaBytes: number): Promise<string> {
  const header = syntheticSessionHeader(frameCount, FPS, mediaBytes);
  const id = await store.beginSession({ id: header.id, name: header.name, createdAtIso: header.createdAtIso, mimeType: header.media.mimeType, model: header.model });
  const seconds = Math.ceil(frameCount / FPS);
  for (let s = 0; s < seconds; s++) {
    const frames = [];
    for (let k = s * FPS; k < Math.min(frameCount, (s + 1) * FPS); k++) frames.push(syntheticFrame(k, FPS));
    await store.appendFrames(id, frames);
    const from = Math.floor((s * mediaBytes) / seconds);
    const to = Math.floor(((s + 1) * mediaBytes) / seconds);
    await store.appendMediaChunk(id, syntheticMediaChunk(from, to - from), Math.min(header.durationMs, (s + 1) * 1000));
  }
  await store.saveAnnotationTrack(id, header.annotations[0]);
  await store.finishSession(id, header.durationMs);
  return id;
}

async function exportFromStore(store: SessionStore, id: string) {
  const session = await store.loadSessionHeader(id);
  const parts: Uint8Array[] = [];
  const frameTimes = Array.from({ length: Math.floor((session.durationMs * FPS) / 1000) }, (_, k) => (k * 1000) / FPS);
  const stats = await writeSessionZip(
    { session, frameBatches: store.frameBatches(id, 4), mediaChunks: store.mediaChunks(id) },
    { appVersion: '0.0.0-test', videoFrameTimesMs: frameTimes },
    (bytes) => void parts.push(bytes),
  );
  const zip = new Uint8Array(stats.zipBytes);
  parts.reduce((at, p) => (zip.set(p, at), at + p.length), 0);
  return { zip, stats };
}

describe('streamed export and import through the store', () => {
  it('a 40 s session (1,200 frames × 956 landmarks): the exporter holds 4 stored chunks (120 frames) at most, and the round trip gives back the frames and media', async () => {
    const frameCount = 1200;
    const mediaBytes = 3 * MEDIA_CHUNK_BYTES + 123;
    const source = await openStore();
    const id = await recordSynthetic(source, frameCount, mediaBytes);
    const { zip, stats } = await exportFromStore(source, id);
    expect(stats).toMatchObject({ frameCount, mediaBytes, maxBatchFrames: 4 * FPS });

    const target = await openStore();
    let maxImportBatch = 0;
    const summary = await target.importStream((sink) =>
      importSessionZipStream(bytesZipSource(zip), { ...sink, frames: (b) => ((maxImportBatch = Math.max(maxImportBatch, b.length)), sink.frames(b)) }, {}, 500),
    );
    expect(summary).toMatchObject({ id, state: 'complete', frameCount, byteLength: mediaBytes, durationMs: 40_000 });
    expect(maxImportBatch).toBe(500);
    const loaded = await target.loadSession(id);
    for (const k of [0, 1, 29, 30, 31, 299, 300, 1001, 1199]) expect(loaded.session.frames[k], `frame ${k}`).toEqual(syntheticFrame(k, FPS));
    expect(loaded.session.frames).toHaveLength(frameCount);
    expect(new Uint8Array(await loaded.media.arrayBuffer())).toEqual(syntheticMediaChunk(0, mediaBytes));
    expect(loaded.session.annotations).toEqual(syntheticSessionHeader(frameCount, FPS, mediaBytes).annotations);
  });

  it('an import that fails after its media was stored (a frame write fails) leaves nothing behind, and a second import of the same id is refused', async () => {
    const source = await openStore();
    const id = await recordSynthetic(source, 90, 1000);
    const { zip } = await exportFromStore(source, id);
    const target = await openStore();
    await target.importStream((sink) => importSessionZipStream(bytesZipSource(zip), sink));
    const again = await target.importStream((sink) => importSessionZipStream(bytesZipSource(zip), sink)).catch((e: unknown) => e);
    expect((again as AffectscopeError).code).toBe('session-exists');
    expect(await target.list()).toHaveLength(1);

    const empty = await openStore();
    const failing = await empty
      .importStream((sink) => importSessionZipStream(bytesZipSource(zip), { ...sink, frames: async () => Promise.reject(new Error('disk full')) }))
      .catch((e: unknown) => e);
    expect((failing as Error).message).toBe('disk full');
    expect(await empty.list()).toEqual([]);
  });
});
