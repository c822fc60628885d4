/** A stored session → the zip the user downloads (core/session's exportSessionZip). */
import { exportSessionZip, sessionVideoFrameTimesMs, type SessionRecord } from '../../core/session';
import { DEFAULT_CAMERA_OPTIONS } from '../../io/camera';
// A named import: Vite then bundles only the version string, not the whole package.json.
import { version as APP_VERSION } from '../../../package.json';

/**
 * The recording's video frame rate, Hz. The camera is opened asking for 30 fps and MediaRecorder
 * keeps no per-frame table we could read back, so the frames are taken as uniform at that rate:
 * ABAW files need one row per video frame. An analysed video file uses its own frames (session.source).
 */
export const RECORDED_FRAME_RATE_HZ = DEFAULT_CAMERA_OPTIONS.frameRateHz;

/** The session and its media file as one zip (manifest, media, predictions, annotations, abaw/ on the video's frames). */
export async function sessionZipBytes(session: SessionRecord, media: Blob): Promise<Uint8Array<ArrayBuffer>> {
  const mediaBytes = new Uint8Array(await media.arrayBuffer());
  const zip = exportSessionZip(session, mediaBytes, {
    appVersion: APP_VERSION,
    videoFrameTimesMs: sessionVideoFrameTimesMs(session, RECORDED_FRAME_RATE_HZ),
  });
  return zip as Uint8Array<ArrayBuffer>;
}
