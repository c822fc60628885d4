/**
 * Checks what callers hand the store with the session format's own validator, so nothing is
 * written that loadSession would later refuse. Each returns a clean copy or throws "expected …, got …".
 */
import { AffectscopeError } from '../../core/errors';
import { validateSessionRecord, type AnnotationTrack, type FrameRecord, type SessionModel, type SessionRecord, type SessionSource } from '../../core/session';

/** A session about to be recorded. */
export interface NewSession {
  /** shown in the library; free text */
  name: string;
  /** the MediaRecorder's mimeType, e.g. "video/webm;codecs=vp8,opus" */
  mimeType: string;
  model: SessionModel;
  /** default: now */
  createdAtIso?: string;
  /** letters, digits, '.', '_' or '-'; default: a random UUID */
  id?: string;
  /** an analysed video file's description; absent for camera recordings */
  source?: SessionSource;
}

const PROBE: SessionRecord = {
  id: 'probe',
  name: '',
  createdAtIso: '1970-01-01T00:00:00.000Z',
  durationMs: 0,
  media: { mimeType: 'application/octet-stream', byteLength: 0 },
  model: { id: 'probe', name: '', trained: false },
  frames: [],
  annotations: [],
};

export function validNewSession(meta: NewSession, id: string, nowIso: string): SessionRecord {
  if (typeof meta !== 'object' || meta === null) throw new AffectscopeError('invalid-options', `new session: expected an object, got ${String(meta)}`);
  const probe: SessionRecord = { ...PROBE, id, name: meta.name, createdAtIso: meta.createdAtIso ?? nowIso, media: { mimeType: meta.mimeType, byteLength: 0 }, model: meta.model };
  if (meta.source !== undefined) probe.source = meta.source;
  return validateSessionRecord(probe, 'invalid-options', 'new session');
}

export function validSource(source: SessionSource): SessionSource {
  return validateSessionRecord({ ...PROBE, source }, 'invalid-options', 'session source').source!;
}

/** Frames sorted by mediaTimeMs, each valid; the copy keeps only known fields. */
export function validFrames(frames: FrameRecord[]): FrameRecord[] {
  return validateSessionRecord({ ...PROBE, frames }, 'invalid-options', 'frames to record').frames;
}

export function validTrack(track: AnnotationTrack): AnnotationTrack {
  return validateSessionRecord({ ...PROBE, annotations: [track] }, 'invalid-options', 'annotation track').annotations[0];
}

export function validMediaTimeMs(value: number, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new AffectscopeError('invalid-options', `${what}: expected a finite number of ms ≥ 0, got ${String(value)}`);
  }
  return value;
}

/** Media bytes as an ArrayBuffer (a Blob is read first: nothing may be awaited inside a transaction). */
export async function toArrayBuffer(bytes: Blob | ArrayBuffer | ArrayBufferView): Promise<ArrayBuffer> {
  if (bytes instanceof ArrayBuffer) return bytes;
  if (ArrayBuffer.isView(bytes)) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength).slice().buffer;
  if (typeof Blob !== 'undefined' && bytes instanceof Blob) return bytes.arrayBuffer();
  throw new AffectscopeError('invalid-options', `media bytes: expected a Blob, ArrayBuffer or typed array, got ${Object.prototype.toString.call(bytes)}`);
}
