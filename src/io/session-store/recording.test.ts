import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../core/bytes';
import { validateSessionRecord } from '../../core/session';
import { FakeLocks, MIME, MODEL, blobBytes, framesBetween, harness, record } from './test-harness';

describe('SessionStore recording', () => {
  it('records 5 chunks and frames; list and loadSession give them back, valid for the core format', async () => {
    const h = harness();
    const store = await h.open();
    const { id, media } = await record(store, 'Interview 1', 5);
    h.tick(60_000);
    const finished = await store.finishSession(id, 5000);
    expect(finished).toMatchObject({ state: 'complete', durationMs: 5000 });

    const [summary] = await store.list();
    expect(summary).toEqual({
      id,
      name: 'Interview 1',
      createdAtIso: '2025-03-01T12:00:00.000Z',
      updatedAtIso: '2025-03-01T12:01:00.000Z',
      state: 'complete',
      durationMs: 5000,
      byteLength: 5 * 256 + (0 + 1 + 2 + 3 + 4),
      mimeType: MIME,
      model: MODEL,
      frameCount: 50,
    });

    const loaded = await store.loadSession(id);
    expect(loaded.media.type).toBe(MIME);
    expect(await blobBytes(loaded.media)).toEqual(concatBytes(media));
    expect(loaded.session.frames.map((f) => f.mediaTimeMs)).toEqual(framesBetween(0, 5000).map((f) => f.mediaTimeMs));
    expect(loaded.session.frames).toEqual(framesBetween(0, 5000));
    expect(validateSessionRecord(loaded.session)).toEqual(loaded.session);
    expect(loaded.session.media.byteLength).toBe(loaded.media.size);
    store.close();
  });

  it('refuses frames that go back in time and appends to a finished session, changing nothing', async () => {
    const store = await harness().open();
    const { id } = await record(store, 'a', 2);
    await expect(store.appendFrames(id, framesBetween(500, 600))).rejects.toMatchObject({ code: 'invalid-options' });
    await expect(store.appendMediaChunk(id, new Uint8Array(4), 1500)).rejects.toMatchObject({ code: 'invalid-options' });
    await store.finishSession(id);
    await expect(store.appendMediaChunk(id, new Uint8Array(4), 3000)).rejects.toMatchObject({ code: 'invalid-options' });
    const [summary] = await store.list();
    expect(summary).toMatchObject({ durationMs: 2000, frameCount: 20, byteLength: 256 + 257 });
    await expect(store.appendFrames('nope', framesBetween(0, 100))).rejects.toMatchObject({ code: 'session-missing' });
  });
});

describe('SessionStore.recoverInterrupted', () => {
  it('closes a session the tab never finished, at the end of its last media chunk, with the data up to it', async () => {
    const h = harness();
    const first = await h.open();
    // media up to 3 s, frames up to 3.5 s: the frames after 3 s describe video that was never saved
    const { id, media } = await record(first, 'crashed', 3, 3500);
    expect(await first.recoverInterrupted()).toEqual([]); // this tab is still recording it
    first.close(); // the tab goes away without finishSession

    const second = await h.open();
    const recovered = await second.recoverInterrupted();
    expect(recovered).toHaveLength(1);
    expect(recovered[0]).toMatchObject({ id, state: 'recovered', durationMs: 3000, frameCount: 31, byteLength: 256 + 257 + 258 });
    const loaded = await second.loadSession(id);
    expect(await blobBytes(loaded.media)).toEqual(concatBytes(media));
    expect(loaded.session.durationMs).toBe(3000);
    expect(loaded.session.frames).toEqual(framesBetween(0, 3001));
    expect(await second.recoverInterrupted()).toEqual([]);
  });

  it('abandonRecording closes a recording that cannot go on now, as recovery would, and releases its lock', async () => {
    const locks = new FakeLocks();
    const store = await harness({ locks: locks as unknown as LockManager }).open();
    const { id } = await record(store, 'disk full', 2, 2500);
    expect(locks.heldNames()).toHaveLength(1);
    expect(await store.abandonRecording(id)).toMatchObject({ id, state: 'recovered', durationMs: 2000, frameCount: 21 });
    expect(locks.heldNames()).toEqual([]);
    expect((await store.loadSession(id)).session.frames).toEqual(framesBetween(0, 2001));
    await expect(store.abandonRecording(id)).rejects.toThrow(/is not being recorded \(it is recovered\)/);
    await expect(store.abandonRecording('missing')).rejects.toMatchObject({ code: 'session-missing' });
  });

  it('leaves alone a session another tab still records (its Web Lock is held)', async () => {
    const locks = new FakeLocks();
    const h = harness({ locks: locks as unknown as LockManager });
    const recordingTab = await h.open();
    const { id } = await record(recordingTab, 'live', 1);
    const otherTab = await h.open();
    expect(await otherTab.recoverInterrupted()).toEqual([]);
    await recordingTab.finishSession(id);
    expect(locks.heldNames()).toEqual([]);
    expect((await otherTab.list())[0].state).toBe('complete');
  });
});
