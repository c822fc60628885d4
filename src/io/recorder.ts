/**
 * MediaRecorder over the live camera + microphone tracks, delivering WebM chunks every `timesliceMs`
 * so storage can write them as they arrive (a crash loses at most the last chunk). Time zero of the
 * media clock is the recorder's start; `mediaTimeMs(pageTimeMs)` maps page timestamps onto it.
 */
import { TRACK_RELEASE_EVENT, type TrackReleaseEvent, type TrackReleaseReason } from './track-release';

export interface RecordingChunk {
  bytes: Blob;
  /** media time at the end of the chunk, ms */
  endMediaTimeMs: number;
}

export interface RecorderHandle {
  mimeType: string;
  /** performance.now() when the recorder started: media time 0 */
  startedAtPageMs: number;
  mediaTimeMs(pageTimeMs: number): number;
  /** stops and resolves after the last chunk was delivered */
  stop(): Promise<void>;
}

/**
 * Why a recording cannot go on by itself: the page stopped a recorded track (a camera or microphone change,
 * TrackReleaseEvent), a track ended on its own (unplugged, taken by another application), or MediaRecorder failed.
 */
export type RecorderInterruption =
  | { reason: TrackReleaseReason | 'track-ended'; trackKind: string }
  | { reason: 'recorder-error'; error: unknown };

export interface RecorderOptions {
  /** ms of media per chunk; default 1000 */
  timesliceMs?: number;
  codec?: RecordingCodecChoice;
  /** called once, at the first interruption; the recorder keeps running until stop() */
  onInterrupted?: (interruption: RecorderInterruption) => void;
}

/** 'auto': H.264 where this browser both records and plays it back, else VP8; 'vp8' for files every WebM player opens. */
export type RecordingCodecChoice = 'auto' | 'h264' | 'vp8';

// H.264 costs the live loop far less than VP8 here (MediaRecorder's OpenH264 vs libvpx: about 2 % vs 20 % of the
// frame rate on the 2-core machine, `npm run bench:recording`). Chromium writes it into a WebM (Matroska) file;
// Chromium plays that back, Firefox does not, hence `?record=vp8`.
const H264 = ['video/webm;codecs=h264,opus', 'video/webm;codecs=h264'];
const VP8 = ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp8'];
const OTHER = ['video/webm;codecs=vp9,opus', 'video/webm'];
/** what an H.264 WebM from MediaRecorder is, to the media element: H.264 in Matroska */
export const H264_PLAYBACK_TYPE = 'video/x-matroska; codecs="avc1.42E01E"';

export interface RecordingSupport {
  /** MediaRecorder.isTypeSupported */
  canRecord(mimeType: string): boolean;
  /** HTMLMediaElement.canPlayType */
  canPlay(type: string): string;
}

function browserSupport(): RecordingSupport {
  const video = document.createElement('video');
  return { canRecord: (m) => MediaRecorder.isTypeSupported(m), canPlay: (t) => video.canPlayType(t) };
}

/** The first WebM type this browser can record (and, for H.264, play back) in the order the choice asks for. */
export function pickRecordingMimeType(choice: RecordingCodecChoice = 'auto', support: RecordingSupport = browserSupport()): string {
  const h264 = support.canPlay(H264_PLAYBACK_TYPE) !== '' ? H264 : [];
  const order = choice === 'vp8' ? [...VP8, ...h264, ...OTHER] : [...h264, ...VP8, ...OTHER];
  const found = order.find((m) => support.canRecord(m));
  if (!found) throw new Error('This browser cannot record WebM (MediaRecorder supports none of ' + order.join(', ') + ').');
  return found;
}

export async function startRecorder(
  tracks: MediaStreamTrack[],
  onChunk: (chunk: RecordingChunk) => void,
  { timesliceMs = 1000, codec = 'auto', onInterrupted }: RecorderOptions = {},
): Promise<RecorderHandle> {
  const mimeType = pickRecordingMimeType(codec);
  const recorder = new MediaRecorder(new MediaStream(tracks), { mimeType });
  let startedAtPageMs = 0;
  const stopped = new Promise<void>((resolve) => recorder.addEventListener('stop', () => resolve(), { once: true }));
  recorder.addEventListener('dataavailable', (event: BlobEvent) => {
    if (event.data.size > 0) onChunk({ bytes: event.data, endMediaTimeMs: performance.now() - startedAtPageMs });
  });
  await new Promise<void>((resolve, reject) => {
    recorder.addEventListener('start', () => resolve(), { once: true });
    recorder.addEventListener('error', (event) => reject((event as ErrorEvent).error ?? new Error('MediaRecorder failed to start')), { once: true });
    recorder.start(timesliceMs);
  });
  startedAtPageMs = performance.now();
  const unwatch = watchInterruptions(recorder, tracks, (interruption) => onInterrupted?.(interruption));
  return {
    mimeType,
    startedAtPageMs,
    mediaTimeMs: (pageTimeMs) => pageTimeMs - startedAtPageMs,
    async stop() {
      unwatch();
      if (recorder.state !== 'inactive') recorder.stop();
      await stopped;
    },
  };
}

/** Calls `interrupted` once at the first track end/release or recorder error; returns the function that stops watching. */
function watchInterruptions(recorder: MediaRecorder, tracks: MediaStreamTrack[], interrupted: (interruption: RecorderInterruption) => void): () => void {
  const controller = new AbortController();
  const once = (interruption: RecorderInterruption) => {
    if (controller.signal.aborted) return;
    controller.abort();
    interrupted(interruption);
  };
  const { signal } = controller;
  for (const track of tracks) {
    track.addEventListener(TRACK_RELEASE_EVENT, (event) => once({ reason: (event as TrackReleaseEvent).reason, trackKind: track.kind }), { signal });
    track.addEventListener('ended', () => once({ reason: 'track-ended', trackKind: track.kind }), { signal });
  }
  recorder.addEventListener('error', (event) => once({ reason: 'recorder-error', error: (event as ErrorEvent).error ?? new Error('MediaRecorder failed') }), { signal });
  return () => controller.abort();
}
