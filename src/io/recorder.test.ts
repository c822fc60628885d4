import { describe, expect, it } from 'vitest';
import { H264_PLAYBACK_TYPE, pickRecordingMimeType, type RecordingSupport } from './recorder';
import { readPageSettings } from '../app/settings';

const chromium: RecordingSupport = {
  canRecord: (m) => /codecs=(h264|vp8|vp9)/.test(m) || m === 'video/webm',
  canPlay: (t) => (t === H264_PLAYBACK_TYPE ? 'probably' : ''),
};

describe('recording type', () => {
  it('records H.264 where the browser can also play it back, VP8 when asked', () => {
    expect(pickRecordingMimeType('auto', chromium)).toBe('video/webm;codecs=h264,opus');
    expect(pickRecordingMimeType('h264', chromium)).toBe('video/webm;codecs=h264,opus');
    expect(pickRecordingMimeType('vp8', chromium)).toBe('video/webm;codecs=vp8,opus');
  });

  it('never records H.264 that the same browser could not replay', () => {
    const encodesOnly: RecordingSupport = { ...chromium, canPlay: () => '' };
    expect(pickRecordingMimeType('auto', encodesOnly)).toBe('video/webm;codecs=vp8,opus');
    expect(pickRecordingMimeType('h264', encodesOnly)).toBe('video/webm;codecs=vp8,opus');
  });

  it('falls back to VP8 without audio, then says when nothing works', () => {
    expect(pickRecordingMimeType('auto', { canRecord: (m) => m === 'video/webm;codecs=vp8', canPlay: () => '' })).toBe('video/webm;codecs=vp8');
    expect(() => pickRecordingMimeType('auto', { canRecord: () => false, canPlay: () => '' })).toThrow(/cannot record WebM/);
  });

  it('is chosen in the URL with ?record=', () => {
    expect(readPageSettings('?record=vp8').recordingCodec).toBe('vp8');
    expect(readPageSettings('?record=h264').recordingCodec).toBe('h264');
    expect(readPageSettings('?record=av1').recordingCodec).toBe('auto');
    expect(readPageSettings('').recordingCodec).toBe('auto');
  });
});
