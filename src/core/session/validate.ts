import { readActionUnitThresholds } from '../au';
import { readDerivedOutputs } from '../derived-outputs';
import type { ErrorCode } from '../errors';
import { ACTION_UNITS, EXPRESSIONS, type AffectPrediction } from '../labels';
import { JsonReader } from '../json-reader';
import {
  ANNOTATION_KINDS,
  SESSION_FILE_TYPE,
  SESSION_FILE_VERSION,
  type AnnotationTrack,
  type AuToggle,
  type ExpressionSegment,
  type FrameRecord,
  type SessionRecord,
  type SessionSource,
  type TrackedFaceRecord,
  type VaSample,
} from './types';

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const SHA256_PATTERN = /^[0-9a-f]{64}$/;

function readPrediction(r: JsonReader, value: unknown, path: string): AffectPrediction {
  const p = r.object(value, path);
  const probabilities = (key: string, length: number): number[] => {
    const list = r.array(p[key], `${path}.${key}`);
    if (list.length !== length) r.fail(`${path}.${key}`, `${length} probabilities`, list);
    return list.map((x, i) => r.inRange(x, 0, 1, `${path}.${key}[${i}]`));
  };
  return {
    valence: r.inRange(p.valence, -1, 1, `${path}.valence`),
    arousal: r.inRange(p.arousal, -1, 1, `${path}.arousal`),
    actionUnitProbabilities: probabilities('actionUnitProbabilities', ACTION_UNITS.length),
    expressionProbabilities: probabilities('expressionProbabilities', EXPRESSIONS.length),
  };
}

function readFrame(r: JsonReader, value: unknown, path: string, previousMs: number): FrameRecord {
  const f = r.object(value, path);
  const mediaTimeMs = r.nonNegative(f.mediaTimeMs, `${path}.mediaTimeMs`);
  if (mediaTimeMs < previousMs) r.fail(`${path}.mediaTimeMs`, `a time ≥ the previous frame's ${previousMs} ms`, mediaTimeMs);
  const frame: FrameRecord = {
    mediaTimeMs,
    faceFound: r.boolean(f.faceFound, `${path}.faceFound`),
    prediction: f.prediction === null ? null : readPrediction(r, f.prediction, `${path}.prediction`),
  };
  if (f.landmarks !== undefined) frame.landmarks = readLandmarks(r, f.landmarks, `${path}.landmarks`);
  if (f.trackId !== undefined) frame.trackId = r.count(f.trackId, `${path}.trackId`);
  if (f.otherFaces !== undefined) {
    const faces = r.array(f.otherFaces, `${path}.otherFaces`);
    if (faces.length > 0 && frame.trackId === undefined) r.fail(`${path}.trackId`, 'the primary face\'s track id (the frame has otherFaces)', f.trackId);
    if (faces.length > 0 && !frame.faceFound) r.fail(`${path}.faceFound`, 'true (the frame has otherFaces)', f.faceFound);
    const seen = new Set([frame.trackId]);
    frame.otherFaces = faces.map((value, i) => {
      const face = readTrackedFace(r, value, `${path}.otherFaces[${i}]`);
      if (seen.has(face.trackId)) r.fail(`${path}.otherFaces[${i}].trackId`, 'a track id no other face of the frame has', face.trackId);
      seen.add(face.trackId);
      return face;
    });
  }
  return frame;
}

function readLandmarks(r: JsonReader, value: unknown, path: string): number[] | null {
  if (value === null) return null;
  const list = r.array(value, path);
  if (list.length % 2 !== 0) r.fail(path, 'an even number of values (x, y pairs)', list);
  // the path is built only for a value that fails: 956 template strings per frame made long sessions' export and import slow
  return list.map((x, i) => (typeof x === 'number' && Number.isFinite(x) ? x : r.number(x, `${path}[${i}]`)));
}

function readTrackedFace(r: JsonReader, value: unknown, path: string): TrackedFaceRecord {
  const f = r.object(value, path);
  const face: TrackedFaceRecord = {
    trackId: r.count(f.trackId, `${path}.trackId`),
    prediction: f.prediction === null ? null : readPrediction(r, f.prediction, `${path}.prediction`),
  };
  if (f.landmarks !== undefined) face.landmarks = readLandmarks(r, f.landmarks, `${path}.landmarks`);
  return face;
}

function readSpan(r: JsonReader, s: Record<string, unknown>, path: string): { startMs: number; endMs: number } {
  const startMs = r.nonNegative(s.startMs, `${path}.startMs`);
  const endMs = r.nonNegative(s.endMs, `${path}.endMs`);
  if (endMs <= startMs) r.fail(`${path}.endMs`, `a time after startMs (${startMs} ms)`, endMs);
  return { startMs, endMs };
}

function readTrack(r: JsonReader, value: unknown, path: string): AnnotationTrack {
  const t = r.object(value, path);
  const track = readTrackBody(r, t, path);
  if (t.face !== undefined) track.face = r.count(t.face, `${path}.face`);
  return track;
}

function readTrackBody(r: JsonReader, t: Record<string, unknown>, path: string): AnnotationTrack {
  const annotator = r.nonEmptyString(t.annotator, `${path}.annotator`);
  const kind = r.oneOf(t.kind, ANNOTATION_KINDS, `${path}.kind`);
  if (kind === 'va') {
    const rateHz = r.number(t.rateHz, `${path}.rateHz`);
    if (rateHz <= 0) r.fail(`${path}.rateHz`, 'a rate > 0 Hz', rateHz);
    let previousMs = -Infinity;
    const samples = r.array(t.samples, `${path}.samples`).map((value, i): VaSample => {
      const at = `${path}.samples[${i}]`;
      const s = r.object(value, at);
      const mediaTimeMs = r.nonNegative(s.mediaTimeMs, `${at}.mediaTimeMs`);
      if (mediaTimeMs <= previousMs) r.fail(`${at}.mediaTimeMs`, `a time after the previous sample's ${previousMs} ms`, mediaTimeMs);
      previousMs = mediaTimeMs;
      return { mediaTimeMs, valence: r.inRange(s.valence, -1, 1, `${at}.valence`), arousal: r.inRange(s.arousal, -1, 1, `${at}.arousal`) };
    });
    return { annotator, kind, rateHz, samples };
  }
  if (kind === 'expression') {
    let previousEndMs = 0;
    const segments = r.array(t.segments, `${path}.segments`).map((value, i): ExpressionSegment => {
      const at = `${path}.segments[${i}]`;
      const s = r.object(value, at);
      const span = readSpan(r, s, at);
      if (span.startMs < previousEndMs) r.fail(`${at}.startMs`, `a time ≥ the previous segment's end ${previousEndMs} ms (no overlap)`, span.startMs);
      previousEndMs = span.endMs;
      return { ...span, label: r.index(s.label, EXPRESSIONS.length, `${at}.label`) };
    });
    return { annotator, kind, segments };
  }
  const previousEndMs = new Array<number>(ACTION_UNITS.length).fill(0);
  let previousStartMs = 0;
  const toggles = r.array(t.toggles, `${path}.toggles`).map((value, i): AuToggle => {
    const at = `${path}.toggles[${i}]`;
    const s = r.object(value, at);
    const span = readSpan(r, s, at);
    const au = r.index(s.au, ACTION_UNITS.length, `${at}.au`);
    if (span.startMs < previousStartMs) r.fail(`${at}.startMs`, `toggles sorted by startMs (≥ ${previousStartMs} ms)`, span.startMs);
    if (span.startMs < previousEndMs[au]) {
      r.fail(`${at}.startMs`, `a time ≥ the previous ${ACTION_UNITS[au]} toggle's end ${previousEndMs[au]} ms (no overlap)`, span.startMs);
    }
    previousStartMs = span.startMs;
    previousEndMs[au] = span.endMs;
    return { ...span, au, present: r.boolean(s.present, `${at}.present`) };
  });
  return { annotator, kind, toggles };
}

function readSource(r: JsonReader, value: unknown, path: string): SessionSource {
  const s = r.object(value, path);
  r.oneOf(s.kind, ['file'] as const, `${path}.kind`);
  const frameCount = r.count(s.frameCount, `${path}.frameCount`);
  if (frameCount < 1) r.fail(`${path}.frameCount`, 'at least 1 video frame', frameCount);
  const frameRateHz = r.number(s.frameRateHz, `${path}.frameRateHz`);
  if (!(frameRateHz > 0)) r.fail(`${path}.frameRateHz`, 'a rate > 0 Hz', frameRateHz);
  return {
    kind: 'file',
    fileName: r.string(s.fileName, `${path}.fileName`),
    frameCount,
    frameRateHz,
    firstFrameTimeMs: r.nonNegative(s.firstFrameTimeMs, `${path}.firstFrameTimeMs`),
  };
}

/**
 * Type guard for a bare SessionRecord (parsed JSON): returns a fresh copy holding only known fields,
 * or throws AffectscopeError(code) "<what>: frames[3].prediction.valence: expected …, got …".
 */
export function validateSessionRecord(json: unknown, code: ErrorCode = 'import-invalid', what = 'session file'): SessionRecord {
  const r: JsonReader = new JsonReader(code, what);
  const s = r.object(json, 'session');
  const id = r.nonEmptyString(s.id, 'session.id');
  if (!ID_PATTERN.test(id)) r.fail('session.id', 'letters, digits, ".", "_" or "-"', id);
  const createdAtIso = r.nonEmptyString(s.createdAtIso, 'session.createdAtIso');
  if (Number.isNaN(Date.parse(createdAtIso))) r.fail('session.createdAtIso', 'an ISO 8601 date', createdAtIso);
  const media = r.object(s.media, 'session.media');
  const model = r.object(s.model, 'session.model');
  const session: SessionRecord = {
    id,
    name: r.string(s.name, 'session.name'),
    createdAtIso,
    durationMs: r.nonNegative(s.durationMs, 'session.durationMs'),
    media: { mimeType: r.nonEmptyString(media.mimeType, 'session.media.mimeType'), byteLength: r.count(media.byteLength, 'session.media.byteLength') },
    model: {
      id: r.nonEmptyString(model.id, 'session.model.id'),
      name: r.string(model.name, 'session.model.name'),
      trained: r.boolean(model.trained, 'session.model.trained'),
    },
    frames: [],
    annotations: [],
  };
  if (media.sha256 !== undefined) {
    const sha256 = r.string(media.sha256, 'session.media.sha256');
    if (!SHA256_PATTERN.test(sha256)) r.fail('session.media.sha256', '64 lower-case hex digits', sha256);
    session.media.sha256 = sha256;
  }
  if (s.source !== undefined) session.source = readSource(r, s.source, 'session.source');
  if (model.derivedOutputs !== undefined) session.model.derivedOutputs = readDerivedOutputs(r, model.derivedOutputs, 'session.model.derivedOutputs');
  if (model.actionUnitThresholds !== undefined) {
    session.model.actionUnitThresholds = readActionUnitThresholds(r, model.actionUnitThresholds, 'session.model.actionUnitThresholds');
  }
  let previousMs = 0;
  for (const [i, value] of r.array(s.frames, 'session.frames').entries()) {
    const frame = readFrame(r, value, `session.frames[${i}]`, previousMs);
    previousMs = frame.mediaTimeMs;
    session.frames.push(frame);
  }
  const seen = new Set<string>();
  for (const [i, value] of r.array(s.annotations, 'session.annotations').entries()) {
    const track = readTrack(r, value, `session.annotations[${i}]`);
    const key = JSON.stringify([track.annotator, track.kind, track.face ?? null]);
    if (seen.has(key)) {
      const whose = track.face === undefined ? '' : ` of face ${track.face}`;
      r.fail(`session.annotations[${i}]`, `one '${track.kind}' track per annotator and face`, `a second one${whose} for "${track.annotator}"`);
    }
    seen.add(key);
    session.annotations.push(track);
  }
  return session;
}

/**
 * Type guard for a current-version session file ({type, version, source, session}); returns the record.
 * Older versions must go through restoreSession first. Throws AffectscopeError('import-invalid' | 'import-version').
 */
export function validateSession(json: unknown): SessionRecord {
  const r: JsonReader = new JsonReader('import-invalid', 'session file');
  const file = r.object(json, 'manifest');
  if (file.type !== SESSION_FILE_TYPE) r.fail('type', `'${SESSION_FILE_TYPE}'`, file.type);
  if (file.version !== SESSION_FILE_VERSION) {
    new JsonReader('import-version', 'session file').fail('version', `${SESSION_FILE_VERSION} (the version this app writes)`, file.version);
  }
  r.nonEmptyString(file.source, 'source');
  return validateSessionRecord(file.session);
}
