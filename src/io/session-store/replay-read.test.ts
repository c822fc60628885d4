import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../core/bytes';
import { blobBytes, harness, record } from './test-harness';

describe('SessionStore.loadForReplay', () => {
  it('gives the frames without landmarks, the same media bytes and the tracks, as loadSession does otherwise', async () => {
    const store = await harness().open();
    // 40 media chunks: more than one Blob part of 16
    const { id, media } = await record(store, 'long', 40);
    await store.finishSession(id);
    await store.saveAnnotationTrack(id, { annotator: 'Ann', kind: 'expression', segments: [{ startMs: 0, endMs: 500, label: 4 }] });

    const whole = await store.loadSession(id);
    const replay = await store.loadForReplay(id);

    expect(whole.session.frames.some((f) => f.landmarks)).toBe(true);
    expect(replay.session.frames.some((f) => 'landmarks' in f)).toBe(false);
    expect(replay.session.frames).toEqual(whole.session.frames.map(({ landmarks: _, ...rest }) => rest));
    expect(replay.session.frames).toHaveLength(400);
    expect({ ...replay.session, frames: [] }).toEqual({ ...whole.session, frames: [] });
    expect(replay.media.type).toBe(whole.media.type);
    expect(await blobBytes(replay.media)).toEqual(concatBytes(media));
  });

  it('says which session is missing', async () => {
    const store = await harness().open();
    await expect(store.loadForReplay('nope')).rejects.toMatchObject({ code: 'session-missing' });
  });
});
