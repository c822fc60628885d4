import { strToU8, zipSync, type Zippable } from 'fflate';
import { AffectscopeError } from '../errors';
import { ABAW_TASKS, writeAbawTrack } from './abaw';
import { validateFrameTimes } from './align';
import { mediaFileName, uniqueFileStems } from './file-names';
import { annotationOnFrames, predictionsOnFrames, predictionTracks, type FrameTrack } from './frame-tables';
import { serializeSession } from './restore';
import { sha256Hex } from './sha256';
import { annotationCsv, annotationJson, frameTrackCsv, frameTrackJson, predictionsCsv, predictionsJson } from './tables';
import type { SessionRecord } from './types';

export interface SessionExportOptions {
  /** this app's version; the manifest's source becomes "affectscope <appVersion>" */
  appVersion: string;
  /** the media's video frame times, one per frame, strictly increasing, ms on the media clock; the ABAW files get one row per entry */
  videoFrameTimesMs: ArrayLike<number>;
  /** a predicted AU counts as present in the ABAW file when its probability is ≥ this; default 0.5 */
  auThreshold?: number;
  /** the longest gap between two samples bridged onto the frames between them, ms; default DEFAULT_MAX_GAP_MS (200) */
  maxGapMs?: number;
}

export const MANIFEST_FILE = 'manifest.json';
/** the stem of the model's files under abaw/; annotators get other stems */
export const PREDICTIONS_STEM = 'predictions';

/** fflate writes DOS times, which start in 1980; the session's creation time is used so that output is reproducible. */
function zipTime(createdAtIso: string): Date {
  const ms = Date.parse(createdAtIso);
  return new Date(Math.min(Math.max(ms, Date.UTC(1980, 0, 2)), Date.UTC(2099, 11, 30)));
}

/**
 * One zip per session: manifest.json ({type, version, source, session}, lossless), the media as
 * stored (no recompression), predictions.csv/json, annotations/<annotator>_<kind>.csv/json, and
 * on the video's frames (frame-tables.ts), abaw/<stem>_{VA_Estimation,EXPR_Recognition,AU_Detection}.txt
 * (see abaw.ts) and frames/<stem>_<kind>.csv/json, the same rows with why a value is missing.
 * Names typed by annotators are made file-safe and distinct (file-names.ts). Deterministic for equal input.
 */
export function exportSessionZip(session: SessionRecord, mediaBytes: Uint8Array, options: SessionExportOptions): Uint8Array {
  const file = serializeSession(session, options.appVersion);
  validateFrameTimes(options.videoFrameTimesMs);
  if (mediaBytes.length !== file.session.media.byteLength) {
    throw new AffectscopeError('invalid-options', `media: expected ${file.session.media.byteLength} bytes (session.media.byteLength), got ${mediaBytes.length}`);
  }
  const sha256 = sha256Hex(mediaBytes);
  if (file.session.media.sha256 !== undefined && file.session.media.sha256 !== sha256) {
    throw new AffectscopeError('invalid-options', `media: expected SHA-256 ${file.session.media.sha256} (session.media.sha256), got ${sha256}`);
  }
  file.session.media.sha256 = sha256;

  const frameTimes = options.videoFrameTimesMs;
  const predicted = predictionsOnFrames(file.session.frames, frameTimes, options.auThreshold ?? 0.5, options.maxGapMs);
  const text: Record<string, string> = {
    [MANIFEST_FILE]: JSON.stringify(file),
    'predictions.csv': predictionsCsv(file.session.frames),
    'predictions.json': predictionsJson(file.session.frames),
  };
  const onFrames: Array<[string, FrameTrack]> = predictionTracks(predicted).map((t) => [PREDICTIONS_STEM, t]);
  const stems = uniqueFileStems(file.session.annotations.map((t) => t.annotator), [PREDICTIONS_STEM]);
  for (const track of file.session.annotations) {
    const stem = stems.get(track.annotator)!;
    text[`annotations/${stem}_${track.kind}.csv`] = annotationCsv(track);
    text[`annotations/${stem}_${track.kind}.json`] = annotationJson(track);
    onFrames.push([stem, annotationOnFrames(track, frameTimes, options.maxGapMs)]);
  }
  for (const [stem, track] of onFrames) {
    text[`abaw/${stem}_${ABAW_TASKS[track.kind]}.txt`] = writeAbawTrack(track);
    text[`frames/${stem}_${track.kind}.csv`] = frameTrackCsv(track, frameTimes);
    text[`frames/${stem}_${track.kind}.json`] = frameTrackJson(track, frameTimes);
  }

  const mtime = zipTime(file.session.createdAtIso);
  // the recording is already compressed: store it, so export stays fast and import can slice it out
  const entries: Zippable = { [mediaFileName(file.session.media.mimeType)]: [mediaBytes, { level: 0, mtime }] };
  for (const [name, content] of Object.entries(text)) entries[name] = [strToU8(content), { level: 6, mtime }];
  return zipSync(entries, { mtime });
}
