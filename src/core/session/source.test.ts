import { describe, expect, it } from 'vitest';
import { uniformFrameTimesMs } from './align';
import { fileSourceFromFrameTimes, sessionVideoFrameTimesMs, sourceFrameTimesMs } from './source';
import { validateSessionRecord } from './validate';
import type { SessionRecord } from './types';

const BASE: SessionRecord = {
  id: 's1', name: 'clip.webm', createdAtIso: '2025-01-01T00:00:00.000Z', durationMs: 1000,
  media: { mimeType: 'video/webm', byteLength: 10 }, model: { id: 'm', name: 'M', trained: false }, frames: [], annotations: [],
};

describe('file session source', () => {
  it('a 25 fps file starting at 7 ms: count, rate and first time round-trip to the same frame times', () => {
    const times = Array.from({ length: 50 }, (_, k) => 7 + k * 40);
    const source = fileSourceFromFrameTimes('clip.webm', times);
    expect(source).toEqual({ kind: 'file', fileName: 'clip.webm', frameCount: 50, frameRateHz: 25, firstFrameTimeMs: 7 });
    sourceFrameTimesMs(source).forEach((t, k) => expect(t).toBeCloseTo(times[k], 9));
  });

  it('one frame: the fallback rate; no frame: an error', () => {
    expect(fileSourceFromFrameTimes('a.mp4', [0], 24).frameRateHz).toBe(24);
    expect(() => fileSourceFromFrameTimes('a.mp4', [])).toThrow(/at least 1/);
  });

  it('ABAW rows: one per file frame for a file session, a 30 fps grid for a camera recording', () => {
    const file: SessionRecord = { ...BASE, source: { kind: 'file', fileName: 'clip.webm', frameCount: 25, frameRateHz: 25, firstFrameTimeMs: 0 } };
    expect(sessionVideoFrameTimesMs(file, 30)).toHaveLength(25);
    expect(sessionVideoFrameTimesMs(BASE, 30)).toEqual(uniformFrameTimesMs(1000, 30));
  });

  it('validation keeps a valid source and refuses a bad one with the path', () => {
    const source = { kind: 'file', fileName: 'clip.webm', frameCount: 25, frameRateHz: 25, firstFrameTimeMs: 0 } as const;
    expect(validateSessionRecord({ ...BASE, source }).source).toEqual(source);
    expect(validateSessionRecord(BASE).source).toBeUndefined();
    expect(() => validateSessionRecord({ ...BASE, source: { ...source, frameRateHz: 0 } })).toThrow(/session\.source\.frameRateHz/);
    expect(() => validateSessionRecord({ ...BASE, source: { ...source, kind: 'camera' } })).toThrow(/session\.source\.kind/);
  });
});
