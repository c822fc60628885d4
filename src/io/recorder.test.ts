import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { H264_PLAYBACK_TYPE, pickRecordingMimeType, startRecorder, type RecorderInterruption, type RecordingSupport } from './recorder';
import { releaseTrack } from './track-release';
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

/** Enough of MediaRecorder for startRecorder in Node: starts at once, stops when asked. */
class FakeMediaRecorder extends EventTarget {
  static isTypeSupported = () => true;
  state: 'inactive' | 'recording' = 'inactive';
  start() {
    this.state = 'recording';
    queueMicrotask(() => this.dispatchEvent(new Event('start')));
  }
  stop() {
    this.state = 'inactive';
    queueMicrotask(() => this.dispatchEvent(new Event('stop')));
  }
}

function fakeTrack(kind: 'video' | 'audio'): MediaStreamTrack {
  return Object.assign(new EventTarget(), { kind, stop: vi.fn() }) as unknown as MediaStreamTrack;
}

describe('startRecorder interruptions', () => {
  beforeEach(() => {
    vi.stubGlobal('MediaRecorder', FakeMediaRecorder);
    vi.stubGlobal('MediaStream', class { constructor(readonly tracks: MediaStreamTrack[]) {} });
    vi.stubGlobal('document', { createElement: () => ({ canPlayType: () => '' }) });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('reports once when the page releases a recorded track (a camera change), and stops the track', async () => {
    const [video, audio] = [fakeTrack('video'), fakeTrack('audio')];
    const interruptions: RecorderInterruption[] = [];
    const handle = await startRecorder([video, audio], () => undefined, { onInterrupted: (i) => interruptions.push(i) });
    releaseTrack(video, 'camera-changed');
    expect(video.stop).toHaveBeenCalledOnce();
    audio.dispatchEvent(new Event('ended'));
    expect(interruptions).toEqual([{ reason: 'camera-changed', trackKind: 'video' }]);
    await handle.stop();
  });

  it('an unplugged track is reported as ended even when the page releases it first (its listener runs before the recorder\'s)', async () => {
    const video = fakeTrack('video');
    const interruptions: RecorderInterruption[] = [];
    const handle = await startRecorder([video], () => undefined, { onInterrupted: (i) => interruptions.push(i) });
    Object.assign(video, { readyState: 'ended' });
    releaseTrack(video, 'capture-closed'); // the page's 'ended' handler cleaning up
    video.dispatchEvent(new Event('ended'));
    expect(interruptions).toEqual([{ reason: 'track-ended', trackKind: 'video' }]);
    await handle.stop();
  });

  it('reports a track that ended by itself (unplugged), and nothing after stop()', async () => {
    const [video, audio] = [fakeTrack('video'), fakeTrack('audio')];
    const interruptions: RecorderInterruption[] = [];
    const first = await startRecorder([video, audio], () => undefined, { onInterrupted: (i) => interruptions.push(i) });
    audio.dispatchEvent(new Event('ended'));
    expect(interruptions).toEqual([{ reason: 'track-ended', trackKind: 'audio' }]);
    await first.stop();

    const later: RecorderInterruption[] = [];
    const second = await startRecorder([video], () => undefined, { onInterrupted: (i) => later.push(i) });
    await second.stop();
    video.dispatchEvent(new Event('ended'));
    expect(later).toEqual([]);
  });
});
