import { errorMessage } from '../../core/errors';
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { VaSampler, type TimeSpan, type VaPoint } from '../../core/annotation';
import type { VaSample } from '../../core/session';
import { mediaTimeMsOf } from './gamepad';

export type VaRatingPhase = 'idle' | 'countdown' | 'rating' | 'saving';
const COUNTDOWN_FROM = 3;
const TRAIL_SAMPLES = 30;

export interface VaRating {
  phase: VaRatingPhase;
  /** 3, 2, 1 during the countdown */
  countdown: number;
  /** samples taken in the current (or last) pass */
  sampleCount: number;
  trail: VaPoint[];
  error: string | null;
  /** rates from where the video is, or over `range` only: seeks to its start and stops at its end */
  start(range?: TimeSpan): void;
  stop(): void;
}

/**
 * One rating pass: a 3-2-1 countdown, then the video plays from where it is (or from the range's
 * start) and the cursor is sampled at `rateHz` on the media clock until the video ends, the range
 * ends or stop(); the samples go to `onFinished` (which saves them and reports its own failures)
 * unless there are none.
 */
export function useVaRating(video: HTMLVideoElement, cursor: RefObject<VaPoint>, rateHz: number, onFinished: (samples: VaSample[]) => Promise<void>): VaRating {
  const [phase, setPhase] = useState<VaRatingPhase>('idle');
  const [countdown, setCountdown] = useState(COUNTDOWN_FROM);
  const [sampleCount, setSampleCount] = useState(0);
  const [trail, setTrail] = useState<VaPoint[]>([]);
  const [error, setError] = useState<string | null>(null);
  const timers = useRef<{ timeout: number; frame: number; sampler: VaSampler | null; stopAtMs: number; element: HTMLVideoElement | null }>({
    timeout: 0, frame: 0, sampler: null, stopAtMs: Infinity, element: null,
  });
  const finishedRef = useRef(onFinished);
  finishedRef.current = onFinished;
  // The element of the moment: a replay replaces its video element when the decoder fails (media-recovery.ts), and a
  // pass in progress goes on with the new one.
  const videoRef = useRef(video);
  videoRef.current = video;

  const halt = useCallback(() => {
    clearTimeout(timers.current.timeout);
    cancelAnimationFrame(timers.current.frame);
  }, []);

  const finish = useCallback(async () => {
    halt();
    const sampler = timers.current.sampler;
    timers.current.sampler = null;
    videoRef.current.pause();
    if (!sampler) return;
    const samples = sampler.samples();
    if (samples.length === 0) { setPhase('idle'); return; }
    setPhase('saving');
    await finishedRef.current(samples);
    setPhase('idle');
  }, [halt]);

  /** Offers the cursor at the video's time to the sampler; returns that time. */
  const offer = useCallback((sampler: VaSampler): number => {
    const nowMs = mediaTimeMsOf(videoRef.current);
    const taken = sampler.step(cursor.current, nowMs);
    if (taken) {
      setSampleCount((n) => n + 1);
      setTrail((t) => [...t.slice(-(TRAIL_SAMPLES - 1)), taken]);
    }
    return nowMs;
  }, [cursor]);

  const sample = useCallback(() => {
    const sampler = timers.current.sampler;
    if (!sampler) return;
    // A replaced element counts once it plays on from where the old one stopped: until then it probes its duration
    // (a seek to the end) and seeks back, and its time and `ended` are not what the rater saw.
    const current = videoRef.current;
    if (current !== timers.current.element) {
      if (current.paused || current.seeking) { timers.current.frame = requestAnimationFrame(sample); return; }
      timers.current.element = current;
    }
    const nowMs = offer(sampler);
    if (videoRef.current.ended || nowMs >= timers.current.stopAtMs) void finish();
    else timers.current.frame = requestAnimationFrame(sample);
  }, [finish, offer]);

  const begin = useCallback(() => {
    const sampler = new VaSampler({ rateHz });
    timers.current.sampler = sampler;
    timers.current.element = videoRef.current;
    setPhase('rating');
    // the paused video sits at the pass's start: its grid time is rated now, not left to the first animation frame after
    // play(), which a loaded machine can deliver a grid step late. An ended video restarts from 0 on play(): nothing
    // is rated at its end, or every later sample (earlier on the clock) would be refused.
    if (!videoRef.current.ended) offer(sampler);
    videoRef.current.play().then(
      () => { timers.current.frame = requestAnimationFrame(sample); },
      (e: unknown) => {
        timers.current.sampler = null;
        setPhase('idle');
        setError(`The video would not play: ${errorMessage(e)}`);
      },
    );
  }, [offer, rateHz, sample]);

  const start = useCallback((range?: TimeSpan) => {
    if (phase !== 'idle') return;
    setError(null);
    setSampleCount(0);
    setTrail([]);
    videoRef.current.pause();
    timers.current.stopAtMs = range?.endMs ?? Infinity;
    if (range) videoRef.current.currentTime = range.startMs / 1000;
    const tick = (remaining: number) => {
      if (remaining === 0) { begin(); return; }
      setCountdown(remaining);
      timers.current.timeout = window.setTimeout(() => tick(remaining - 1), 1000);
    };
    setPhase('countdown');
    tick(COUNTDOWN_FROM);
  }, [begin, phase]);

  const stop = useCallback(() => {
    if (phase === 'countdown') { halt(); setPhase('idle'); }
    else if (phase === 'rating') void finish();
  }, [finish, halt, phase]);

  useEffect(() => {
    const onEnded = () => { if (timers.current.sampler) void finish(); };
    video.addEventListener('ended', onEnded);
    return () => video.removeEventListener('ended', onEnded);
  }, [finish, video]);

  useEffect(() => () => {
    halt();
    timers.current.sampler = null;
  }, [halt]);

  return { phase, countdown, sampleCount, trail, error, start, stop };
}
