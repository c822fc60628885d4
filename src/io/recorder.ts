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

// VP8 first: H.264-in-WebM costs the live loop less here (10 % vs 23 % fps) but a replay of it once failed to
// start playing in a clean run, so it is not the default until that is understood.
const MIME_PREFERENCE = ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8', 'video/webm'];

export function pickRecordingMimeType(isSupported: (mime: string) => boolean = (m) => MediaRecorder.isTypeSupported(m)): string {
  const found = MIME_PREFERENCE.find(isSupported);
  if (!found) throw new Error('This browser cannot record WebM (MediaRecorder supports none of ' + MIME_PREFERENCE.join(', ') + ').');
  return found;
}

export async function startRecorder(
  tracks: MediaStreamTrack[],
  onChunk: (chunk: RecordingChunk) => void,
  timesliceMs = 1000,
): Promise<RecorderHandle> {
  const mimeType = pickRecordingMimeType();
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
