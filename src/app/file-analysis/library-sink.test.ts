import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { FrameRecord } from '../../core/session';
import { SessionStore } from '../../io/session-store';
import type { VideoFileInfo } from '../../io/video-file';
import type { ModelSummary } from '../../workers/protocol';
import type { FileAnalysisResult } from './analysis';
import { LibrarySink } from './library-sink';

const INFO: VideoFileInfo = {
  fileName: 'clip.mp4', mimeType: 'video/mp4', byteLength: 25, durationMs: 1000, widthPx: 64, heightPx: 64, codec: 'avc1',
  frameCount: 10, frameRateHz: 10, firstFrameTimeMs: 0, audioSampleRateHz: null, audioCodec: null, audioDecodable: false,
};
const MODEL = { id: 'm', name: 'model', trained: false, derivedOutputs: {} } as unknown as ModelSummary;
const FILE = new Blob([new Uint8Array(25).map((_, i) => i)], { type: 'video/mp4' });

const frame = (mediaTimeMs: number): FrameRecord => ({ mediaTimeMs, faceFound: false, prediction: null, landmarks: [0.5, 0.25] });

/** Two stores on one database: `tab` analyses, `nextVisit` opens the library after the tab is gone. */
function library() {
  const factory = new IDBFactory();
  const open = () => SessionStore.open({ factory, keyRange: IDBKeyRange, storage: null, locks: null, now: () => 0 });
  return { open };
}

describe('LibrarySink', () => {
  it('writes the file first, frames as they come, a seek back drops the later ones; a tab closed half-way is recovered', async () => {
    const { open } = library();
    const tab = await open();
    const sink = new LibrarySink(tab, FILE, '2026-11-30T12:00:00.000Z', 10);
    await sink.begin(INFO, MODEL);
    expect(await tab.list()).toMatchObject([{ id: sink.sessionId, state: 'recording', byteLength: 25, durationMs: 1000 }]);
    await sink.write([frame(0), frame(100), frame(200)]);
    await sink.write([frame(300), frame(400)]);
    await sink.truncate(250); // a seek back to 250 ms
    await sink.write([frame(300), frame(400), frame(500)]);
    await sink.truncate(450); // back again, into the newest batch
    await sink.write([frame(500)]);
    // The tab is closed here: nothing finishes the session. The next visit recovers it.
    const nextVisit = await open();
    expect(await nextVisit.recoverInterrupted()).toMatchObject([{ id: sink.sessionId, state: 'recovered', frameCount: 6 }]);
    const { session, media } = await nextVisit.loadSession(sink.sessionId!);
    expect(session.frames.map((f) => f.mediaTimeMs)).toEqual([0, 100, 200, 300, 400, 500]);
    expect(session.source).toEqual({ kind: 'file', fileName: 'clip.mp4', frameCount: 10, frameRateHz: 10, firstFrameTimeMs: 0 });
    expect(session.name).toMatch(/^clip\.mp4 · /);
    expect(new Uint8Array(await media.arrayBuffer())).toEqual(new Uint8Array(await FILE.arrayBuffer()));
  });

  it('finish: complete, with the exact frame times of a one-pass analysis', async () => {
    const { open } = library();
    const store = await open();
    const sink = new LibrarySink(store, FILE, '2026-11-30T12:00:00.000Z');
    await sink.begin(INFO, MODEL);
    const times = Array.from({ length: 10 }, (_, i) => i * 100 + 20);
    await sink.write(times.map(frame));
    const result: FileAnalysisResult = { info: INFO, model: MODEL, analysedFrames: { count: times.length, firstMs: times[0], lastMs: times.at(-1)! }, decodedFrames: { count: times.length, firstMs: times[0], lastMs: times.at(-1)! }, seeks: 0, repeatedFrameTimes: 0 };
    await sink.finish(result);
    const { session, summary } = await store.loadSession(sink.sessionId!);
    expect(summary).toMatchObject({ state: 'complete', frameCount: 10, durationMs: 1000 });
    expect(session.source).toMatchObject({ frameCount: 10, firstFrameTimeMs: 20 });
    expect(await (await open()).recoverInterrupted()).toEqual([]);
  });

  it('abandon: the frames written stay, as a recovered session; a session that never began is nothing', async () => {
    const { open } = library();
    const store = await open();
    expect(await new LibrarySink(store, FILE, '2026-11-30T12:00:00.000Z').abandon()).toBeNull();
    const sink = new LibrarySink(store, FILE, '2026-11-30T12:00:00.000Z');
    await sink.begin(INFO, MODEL);
    await sink.write([frame(0), frame(100)]);
    expect(await sink.abandon()).toBe(sink.sessionId);
    expect(await store.list()).toMatchObject([{ state: 'recovered', frameCount: 2 }]);
  });
});
