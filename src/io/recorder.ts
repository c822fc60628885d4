/**
 * MediaRecorder over the live camera + microphone tracks, delivering WebM chunks every `timesliceMs`
 * so storage can write them as they arrive (a crash loses at most the last chunk). Time zero of the
 * media clock is the recorder's start; `mediaTimeMs(pageTimeMs)` maps page timestamps onto it.
 */
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
  { timesliceMs = 1000, codec = 'auto' }: { timesliceMs?: number; codec?: RecordingCodecChoice } = {},
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
  return {
    mimeType,
    startedAtPageMs,
    mediaTimeMs: (pageTimeMs) => pageTimeMs - startedAtPageMs,
    async stop() {
      if (recorder.state !== 'inactive') recorder.stop();
      await stopped;
    },
  };
}
