import { describe, expect, it } from 'vitest';
import { clipSpectrogram, contextWindowAt, framesAvailableAt } from './clip-context';
import { FileAudio } from './file-audio';
import { DEFAULT_SPECTROGRAM_OPTIONS, hopLengthSamples } from './options';
import { resampleClip } from './resample-clip';

const OPTIONS = DEFAULT_SPECTROGRAM_OPTIONS;
const CONTEXT_FRAMES = 16;
const FRAME_MS = 1000 / 30;

/** A chirp with a slow swell: every spectrogram frame differs from its neighbours. */
function signal(seconds: number, rateHz: number): Float32Array {
  return Float32Array.from({ length: Math.round(seconds * rateHz) }, (_, i) => {
    const t = i / rateHz;
    return 0.4 * Math.sin(2 * Math.PI * (200 + 300 * t) * t) * (0.5 + 0.5 * Math.sin(t));
  });
}

/** Deterministic chunk lengths between 1 and 5,000 samples. */
function* chunkLengths(): Generator<number> {
  let x = 12345;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    yield 1 + (x % 5000);
  }
}

describe('FileAudio (a soundtrack fed as it is read)', () => {
  it('fed in chunks of any size ahead of the frames, each window equals the whole clip\'s at that time, past the end too', () => {
    const rateHz = 48_000;
    const pcm = signal(4, rateHz);
    const clip = clipSpectrogram(resampleClip(pcm, rateHz, OPTIONS.sampleRateHz), OPTIONS);
    const audio = new FileAudio(OPTIONS, CONTEXT_FRAMES, true);
    audio.restart(0, rateHz);
    const lengths = chunkLengths();
    let fedSamples = 0;
    for (let frame = 0; frame * FRAME_MS < 4500; frame++) {
      const t = frame * FRAME_MS;
      // the feed leads the frames by 300 ms, as the app's does by seconds
      while (fedSamples < pcm.length && (fedSamples * 1000) / rateHz < t + 300) {
        const n = Math.min(lengths.next().value, pcm.length - fedSamples);
        audio.push(pcm.subarray(fedSamples, fedSamples + n));
        fedSamples += n;
      }
      if (fedSamples === pcm.length) audio.end();
      expect(audio.readyAt(t)).toBe(true);
      audio.seekTo(t);
      expect(audio.window(), `frame ${frame}`).toEqual(contextWindowAt(clip, t, CONTEXT_FRAMES));
      expect(audio.framesTotal).toBe(framesAvailableAt(clip, t));
    }
  });

  it('a step waits until the feed has reached its time (readyAt), and not at all without sound', () => {
    const audio = new FileAudio(OPTIONS, CONTEXT_FRAMES, true);
    expect(audio.readyAt(0)).toBe(false); // nothing started yet
    audio.restart(0, OPTIONS.sampleRateHz);
    audio.push(new Float32Array(OPTIONS.sampleRateHz / 2)); // 500 ms
    expect(audio.readyAt(400)).toBe(true);
    expect(audio.readyAt(600)).toBe(false);
    audio.end();
    expect(audio.readyAt(60_000)).toBe(true);
    expect(new FileAudio(OPTIONS, CONTEXT_FRAMES, false).readyAt(60_000)).toBe(true);
    expect(new FileAudio(OPTIONS, CONTEXT_FRAMES, false).window()).toEqual(new Float32Array(CONTEXT_FRAMES * OPTIONS.freqBins).fill(-1));
  });

  it('ten minutes fed 2 s ahead hold no more frames than the context and the lead: an hour needs what a minute does', () => {
    const rateHz = OPTIONS.sampleRateHz;
    const audio = new FileAudio(OPTIONS, CONTEXT_FRAMES, true);
    audio.restart(0, rateHz);
    const half = signal(0.5, rateHz);
    let fedMs = 0;
    let most = 0;
    for (let t = 0; t < 10 * 60_000; t += FRAME_MS) {
      while (fedMs < t + 2000) {
        audio.push(half);
        fedMs += 500;
      }
      audio.seekTo(t);
      audio.window();
      most = Math.max(most, audio.framesHeld);
    }
    const hopMs = (hopLengthSamples(OPTIONS) * 1000) / rateHz;
    expect(most).toBeLessThanOrEqual(CONTEXT_FRAMES + Math.ceil(2500 / hopMs) + 1);
    expect(audio.framesTotal).toBeGreaterThan(25_000);
  });

  it('a seek starts a new stretch timed from its first sample; until it comes, steps wait', () => {
    const rateHz = OPTIONS.sampleRateHz;
    const pcm = signal(2, rateHz);
    const audio = new FileAudio(OPTIONS, CONTEXT_FRAMES, true);
    audio.restart(0, rateHz);
    audio.push(signal(3, rateHz));
    audio.seekTo(2900);
    audio.clear();
    expect(audio.readyAt(61_000)).toBe(false);
    audio.restart(60_000, rateHz); // a seek to 1:02 restarts the sound 2 s before it
    audio.push(pcm);
    audio.end();
    const clip = clipSpectrogram(pcm, OPTIONS);
    audio.seekTo(61_500);
    expect(audio.window()).toEqual(contextWindowAt(clip, 1500, CONTEXT_FRAMES));
  });
});
