import type { DerivedOutputs } from '../derived-outputs';
import type { AffectPrediction } from '../labels';

/**
 * A recorded session: what the model said about each analysed frame, and what people said about
 * the same media. Every time is on the media clock: milliseconds from the first recorded sample
 * of the media file (MediaRecorder's timeline), never wall-clock time. The media bytes travel
 * separately (see exportSessionZip).
 */
export interface SessionRecord {
  /** stable id, e.g. a UUID; letters, digits, '.', '_' or '-' */
  id: string;
  /** shown to the user; free text */
  name: string;
  /** when recording started, ISO 8601 (e.g. "2025-03-01T12:00:00.000Z"); informational only */
  createdAtIso: string;
  /** length of the media, ms */
  durationMs: number;
  media: SessionMedia;
  model: SessionModel;
  /** model outputs, sorted by mediaTimeMs (non-decreasing) */
  frames: FrameRecord[];
  /** at most one track per (annotator, kind, face) */
  annotations: AnnotationTrack[];
  /** where the media came from; absent: a camera recording */
  source?: SessionSource;
}

/**
 * A video file analysed frame by frame (src/app/file-analysis). Its video frames are described by
 * their count and mean rate from the first frame's time, so the ABAW files get one row per frame of
 * the file (exact for constant-frame-rate files; see sourceFrameTimesMs).
 */
export interface FileSessionSource {
  kind: 'file';
  /** the file's name as the user's system gave it */
  fileName: string;
  /** video frames in the file (≥ 1) */
  frameCount: number;
  /** mean video frame rate, Hz (> 0): (frameCount − 1) / (last − first frame time) */
  frameRateHz: number;
  /** media time of the first video frame, ms (≥ 0) */
  firstFrameTimeMs: number;
}

export type SessionSource = FileSessionSource;

export interface SessionMedia {
  /** e.g. "video/webm;codecs=vp8,opus"; the zip file name's extension follows from it */
  mimeType: string;
  /** size of the media file, bytes */
  byteLength: number;
  /** lower-case hex SHA-256 of the media file; always written on export, checked on import */
  sha256?: string;
}

/** The weights that produced `frames` (ModelManifest id/name/trained/provenance.derivedOutputs). */
export interface SessionModel {
  id: string;
  name: string;
  /** false: random weights; the predictions mean nothing */
  trained: boolean;
  /** outputs the weights learned from derived targets, not annotations, with how (shown next to those plots on replay) */
  derivedOutputs?: DerivedOutputs;
  /** P(AU) from which each of its AUs is present (the model's actionUnitThresholds); absent: 0.5 for every AU */
  actionUnitThresholds?: number[];
}

/** One analysed frame. */
export interface FrameRecord {
  /** ms on the media clock */
  mediaTimeMs: number;
  faceFound: boolean;
  /** null when no face was found or the model had no output for this frame */
  prediction: AffectPrediction | null;
  /** face landmarks flattened [x0, y0, x1, y1, …], normalised to the video frame (∈ [0, 1] nominally); null/absent when not kept */
  landmarks?: number[] | null;
  /**
   * the track (src/core/tracking) of the face the fields above describe, the frame's primary (largest tracked) face;
   * absent: no track was kept (sessions before tracks, or no face)
   */
  trackId?: number;
  /** the frame's other tracked faces, each with its own track id and prediction; absent or []: none (see face-tracks.ts) */
  otherFaces?: TrackedFaceRecord[];
}

/** One more tracked face in an analysed frame: its output from its own recurrent state. */
export interface TrackedFaceRecord {
  /** ≥ 0, never the frame's primary trackId nor another face's of the frame */
  trackId: number;
  /** null when the model had no output for this face */
  prediction: AffectPrediction | null;
  /** as FrameRecord.landmarks */
  landmarks?: number[] | null;
}

/** One valence–arousal sample of a continuous annotation. */
export interface VaSample {
  /** ms on the media clock */
  mediaTimeMs: number;
  /** ∈ [-1, 1] */
  valence: number;
  /** ∈ [-1, 1] */
  arousal: number;
}

/** A span with one expression label, [startMs, endMs) on the media clock. */
export interface ExpressionSegment {
  startMs: number;
  endMs: number;
  /** index into EXPRESSIONS (ABAW order) */
  label: number;
}

/** A span over which one action unit was marked present or absent, [startMs, endMs). */
export interface AuToggle {
  startMs: number;
  endMs: number;
  /** index into ACTION_UNITS */
  au: number;
  present: boolean;
}

interface TrackBase {
  /** the annotator's name as typed; sanitised only where it becomes a file name */
  annotator: string;
  /**
   * the track id (FrameRecord.trackId) of the face annotated, in a session with several people (face-tracks.ts);
   * absent: each frame's primary (largest) face, as in a session of one person
   */
  face?: number;
}

/** Continuous valence–arousal sampled at a fixed nominal rate; samples sorted by mediaTimeMs (strictly increasing). */
export interface VaTrack extends TrackBase {
  kind: 'va';
  /** nominal sampling rate, Hz (> 0); each sample still carries its own time */
  rateHz: number;
  samples: VaSample[];
}

/** Categorical expression labels; segments sorted by startMs, not overlapping. */
export interface ExpressionTrack extends TrackBase {
  kind: 'expression';
  segments: ExpressionSegment[];
}

/** Action unit presence; per AU, toggles sorted and not overlapping. A frame no toggle covers has no value for that AU. */
export interface AuTrack extends TrackBase {
  kind: 'au';
  toggles: AuToggle[];
}

export type AnnotationTrack = VaTrack | ExpressionTrack | AuTrack;
export type AnnotationKind = AnnotationTrack['kind'];
export const ANNOTATION_KINDS: readonly AnnotationKind[] = ['va', 'expression', 'au'];

export const SESSION_FILE_TYPE = 'affectscope-session';
/**
 * The session format this app writes; older ones are upgraded by restoreSession. 2: frames may live in their own zip
 * entries (frameFiles). 3: several people: frames may carry trackId and otherFaces, annotation tracks a face.
 */
export const SESSION_FILE_VERSION = 3;

/** manifest.json of a format-1 zip: every frame inside session.frames. */
export interface SessionFileV1 {
  type: typeof SESSION_FILE_TYPE;
  version: 1;
  /** "affectscope <appVersion>" of the app that wrote it */
  source: string;
  session: SessionRecord;
}

/** Where a format-2 zip keeps the frames (see frame-rows.ts). */
export interface SessionFrameFiles {
  /** zip entry of one row per frame, a JSON array ("predictions.json") */
  records: string;
  /** zip entry of every frame's landmarks, little-endian Float32 ("landmarks.f32") */
  landmarks: string;
  /** Float32 values in `landmarks` */
  landmarkValueCount: number;
  /** decimals a landmark keeps (values are rounded to them on import) */
  landmarkDecimals: number;
}

/**
 * manifest.json (excalidraw-style envelope). With frameFiles, session.frames is empty and frameCount
 * frames are in those entries; without, the frames are in session.frames (as in format 1).
 */
export interface SessionFile {
  type: typeof SESSION_FILE_TYPE;
  version: typeof SESSION_FILE_VERSION;
  /** "affectscope <appVersion>" of the app that wrote it */
  source: string;
  session: SessionRecord;
  frameCount?: number;
  frameFiles?: SessionFrameFiles;
  /**
   * the faces the frames were tracked as and the name each has in the abaw/ and frames/ file names (face-tracks.ts);
   * written for the reader, recomputed from the frames on import; absent: no tracked face
   */
  tracks?: SessionFileTrack[];
}

/** A track as manifest.json lists it. */
export interface SessionFileTrack {
  trackId: number;
  /** "left", "right" or "track<id>" */
  name: string;
  /** analysed frames this face was in */
  frames: number;
  /** media time of its first and last frame, ms */
  firstMs: number;
  lastMs: number;
}
