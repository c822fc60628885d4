import { strToU8, zipSync, type Zippable } from 'fflate';
import { AffectscopeError } from '../errors';
import { writeAbawAu, writeAbawExpression, writeAbawVa } from './abaw';
import { validateFrameTimes } from './align';
import { mediaFileName, uniqueFileStems } from './file-names';
import { auTrackOnFrames, expressionTrackOnFrames, predictionsOnFrames, vaTrackOnFrames } from './frame-tables';
import { serializeSession } from './restore';
import { sha256Hex } from './sha256';
import { annotationCsv, annotationJson, predictionsCsv, predictionsJson } from './tables';
import type { SessionRecord } from './types';

export interface SessionExportOptions {
  /** this app's version; the manifest's source becomes "affectscope <appVersion>" */
  appVersion: string;
  /** the media's video frame times, one per frame, strictly increasing, ms on the media clock; the ABAW files get one row per entry */
  videoFrameTimesMs: ArrayLike<number>;
  /** a predicted AU counts as present in the ABAW file when its probability is ≥ this; default 0.5 */
  auThreshold?: number;
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
 * abaw/<stem>_{VA_Estimation,EXPR_Recognition,AU_Detection}.txt on the video's frames (see abaw.ts).
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
  const predicted = predictionsOnFrames(file.session.frames, frameTimes, options.auThreshold ?? 0.5);
  const text: Record<string, string> = {
    [MANIFEST_FILE]: JSON.stringify(file),
    'predictions.csv': predictionsCsv(file.session.frames),
    'predictions.json': predictionsJson(file.session.frames),
    [`abaw/${PREDICTIONS_STEM}_VA_Estimation.txt`]: writeAbawVa(predicted.va),
    [`abaw/${PREDICTIONS_STEM}_EXPR_Recognition.txt`]: writeAbawExpression(predicted.expression),
    [`abaw/${PREDICTIONS_STEM}_AU_Detection.txt`]: writeAbawAu(predicted.au),
  };
  const stems = uniqueFileStems(file.session.annotations.map((t) => t.annotator), [PREDICTIONS_STEM]);
  for (const track of file.session.annotations) {
    const stem = stems.get(track.annotator)!;
    text[`annotations/${stem}_${track.kind}.csv`] = annotationCsv(track);
    text[`annotations/${stem}_${track.kind}.json`] = annotationJson(track);
    if (track.kind === 'va') text[`abaw/${stem}_VA_Estimation.txt`] = writeAbawVa(vaTrackOnFrames(track, frameTimes));
    else if (track.kind === 'expression') text[`abaw/${stem}_EXPR_Recognition.txt`] = writeAbawExpression(expressionTrackOnFrames(track, frameTimes));
    else text[`abaw/${stem}_AU_Detection.txt`] = writeAbawAu(auTrackOnFrames(track, frameTimes));
  }

  const mtime = zipTime(file.session.createdAtIso);
  // the recording is already compressed: store it, so export stays fast and import can slice it out
  const entries: Zippable = { [mediaFileName(file.session.media.mimeType)]: [mediaBytes, { level: 0, mtime }] };
  for (const [name, content] of Object.entries(text)) entries[name] = [strToU8(content), { level: 6, mtime }];
  return zipSync(entries, { mtime });
}
