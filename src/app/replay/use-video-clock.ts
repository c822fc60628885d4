import { useCallback, useEffect, useState } from 'react';

export interface VideoClock {
  /** media time of the frame on screen, ms */
  currentTimeMs: number;
  playing: boolean;
  playbackRate: number;
  /** false until the media can be seeked (see fixInfiniteDuration) */
  ready: boolean;
  togglePlay(): void;
  seek(timeMs: number): void;
  setPlaybackRate(rate: number): void;
}

/** How long the duration probe may take before the video is used as it is. */
const DURATION_PROBE_TIMEOUT_MS = 3000;

/**
 * MediaRecorder writes WebM without a duration (the browser reports Infinity) and without cues;
 * seeking past the end makes the browser scan the file, after which duration is finite and
 * seeking is exact. Calls `done` when the video is back at 0 (or the probe gave up); returns a cleanup.
 */
function fixInfiniteDuration(video: HTMLVideoElement, done: () => void): () => void {
  if (Number.isFinite(video.duration)) {
    done();
    return () => undefined;
  }
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    video.removeEventListener('durationchange', onDuration);
    clearTimeout(timer);
    video.currentTime = 0;
    done();
  };
  const onDuration = () => { if (Number.isFinite(video.duration)) finish(); };
  const timer = setTimeout(finish, DURATION_PROBE_TIMEOUT_MS);
  video.addEventListener('durationchange', onDuration);
  video.currentTime = Number.MAX_SAFE_INTEGER;
  return () => {
    finished = true;
    video.removeEventListener('durationchange', onDuration);
    clearTimeout(timer);
  };
}

/**
 * The video's media time as React state, updated on every presented frame
 * (requestVideoFrameCallback; timeupdate where it is missing) and on seeks and pauses, so the plots
 * follow playback, scrubbing and stepping alike.
 */
export function useVideoClock(video: HTMLVideoElement | null): VideoClock {
  const [currentTimeMs, setCurrentTimeMs] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [playbackRate, setRate] = useState(1);
  // the element whose duration probe is done: `ready` is never a replaced element's
  const [readyVideo, setReadyVideo] = useState<HTMLVideoElement | null>(null);
  const ready = video !== null && readyVideo === video;

  useEffect(() => {
    if (!video) return;
    setReadyVideo(null);
    setPlaying(!video.paused);
    let probing = true;
    let stopProbe: () => void = () => undefined;
    const show = (seconds: number) => { if (!probing) setCurrentTimeMs(Math.round(seconds * 1000)); };
    const fromElement = () => show(video.currentTime);
    const onMetadata = () => {
      stopProbe();
      probing = true;
      stopProbe = fixInfiniteDuration(video, () => {
        probing = false;
        setReadyVideo(video);
        fromElement();
      });
    };
    const onPlay = () => setPlaying(true);
    const onPause = () => { setPlaying(false); fromElement(); };
    const onRate = () => setRate(video.playbackRate);

    let frameRequest = 0;
    const hasFrameCallback = typeof video.requestVideoFrameCallback === 'function';
    const onFrame: VideoFrameRequestCallback = (_now, metadata) => {
      // While paused the element's currentTime is the truth: after a seek, some decoders (H.264 from
      // MediaRecorder) present a frame whose mediaTime is not the seek target.
      show(video.paused ? video.currentTime : metadata.mediaTime);
      frameRequest = video.requestVideoFrameCallback(onFrame);
    };
    if (hasFrameCallback) frameRequest = video.requestVideoFrameCallback(onFrame);

    const listeners: [string, () => void][] = [
      ['loadedmetadata', onMetadata],
      ['seeked', fromElement],
      ['play', onPlay],
      ['pause', onPause],
      ['ended', onPause],
      ['ratechange', onRate],
      // without frame callbacks, timeupdate (~4 Hz) is the best there is
      ...(hasFrameCallback ? [] : ([['timeupdate', fromElement]] as [string, () => void][])),
    ];
    for (const [name, listener] of listeners) video.addEventListener(name, listener);
    if (video.readyState >= HTMLMediaElement.HAVE_METADATA) onMetadata();
    return () => {
      stopProbe();
      if (hasFrameCallback) video.cancelVideoFrameCallback(frameRequest);
      for (const [name, listener] of listeners) video.removeEventListener(name, listener);
    };
  }, [video]);

  const togglePlay = useCallback(() => {
    if (!video) return;
    if (video.paused || video.ended) void video.play().catch(() => setPlaying(false));
    else video.pause();
  }, [video]);

  const seek = useCallback((timeMs: number) => {
    if (!video) return;
    video.currentTime = timeMs / 1000;
    // shown at once so the slider does not jump back while the browser seeks; 'seeked' confirms it
    setCurrentTimeMs(Math.round(timeMs));
  }, [video]);

  const setPlaybackRate = useCallback((rate: number) => {
    if (video) video.playbackRate = rate;
  }, [video]);

  return { currentTimeMs, playing, playbackRate, ready, togglePlay, seek, setPlaybackRate };
}
