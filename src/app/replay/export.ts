/** A stored session → the zip the user downloads, streamed (core/session's writeSessionZip). */
import { sessionVideoFrameTimesMs, writeSessionZip, type SessionExportStats } from '../../core/session';
import { DEFAULT_CAMERA_OPTIONS } from '../../io/camera';
import type { SessionStore } from '../../io/session-store';
// A named import: Vite then bundles only the version string, not the whole package.json.
import { version as APP_VERSION } from '../../../package.json';
import { openZipSink } from './download';

/**
 * The recording's video frame rate, Hz. The camera is opened asking for 30 fps and MediaRecorder
 * keeps no per-frame table we could read back, so the frames are taken as uniform at that rate:
 * ABAW files need one row per video frame. An analysed video file uses its own frames (session.source).
 */
export const RECORDED_FRAME_RATE_HZ = DEFAULT_CAMERA_OPTIONS.frameRateHz;

/**
 * Streams stored session `id` as a zip into `sink`, reading its frames a few stored chunks at a time and
 * its media chunk by chunk: a 2-hour session is never held whole (writeSessionZip).
 */
export async function writeStoredSessionZip(store: SessionStore, id: string, sink: (bytes: Uint8Array) => void | Promise<void>): Promise<SessionExportStats> {
  const session = await store.loadSessionHeader(id);
  return writeSessionZip(
    { session, frameBatches: store.frameBatches(id), mediaChunks: store.mediaChunks(id) },
    { appVersion: APP_VERSION, videoFrameTimesMs: sessionVideoFrameTimesMs(session, RECORDED_FRAME_RATE_HZ) },
    sink,
  );
}

/**
 * Exports stored session `id` to a file named `fileName`: written as it is made through the File System
 * Access API where the browser has it (the user picks where), else gathered in a Blob (the browser's
 * blob store, not the JS heap) and downloaded. Call it from the click: the picker needs the user's gesture.
 * Resolves false when the user cancels the picker.
 */
export async function saveSessionZip(store: SessionStore, id: string, fileName: string): Promise<boolean> {
  const sink = await openZipSink(fileName);
  if (sink === null) return false;
  try {
    await writeStoredSessionZip(store, id, (bytes) => sink.write(bytes));
  } catch (error) {
    await sink.abort();
    throw error;
  }
  await sink.close();
  return true;
}
