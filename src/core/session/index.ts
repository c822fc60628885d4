export * from './types';
export { validateSession, validateSessionRecord } from './validate';
export { restoreSession, restoreSessionFile, serializeSession, upgradeSessionFile, SESSION_UPGRADES, type SessionUpgrade, type RestoredSessionFile } from './restore';
export { fileSourceFromFrameSpan, fileSourceFromFrameTimes, sessionVideoFrameTimesMs, sourceFrameTimesMs } from './source';
export { nearestRecordPerFrame, frameSources, nearerRecord, spanPerFrame, uniformFrameTimesMs, validateFrameTimes, type FrameSource } from './align';
export {
  predictionsOnFrames,
  vaTrackOnFrames,
  expressionTrackOnFrames,
  auTrackOnFrames,
  annotationOnFrames,
  predictionTracks,
  argmax,
  DEFAULT_MAX_GAP_MS,
  type FrameTables,
  type FrameTrack,
  type MissingReason,
  type FrameVa,
  type FrameExpression,
  type FrameAus,
} from './frame-tables';
export {
  writeAbawVa,
  writeAbawExpression,
  writeAbawAu,
  writeAbawTrack,
  ABAW_TASKS,
  parseAbawVa,
  parseAbawExpression,
  parseAbawAu,
  ABAW_VA_HEADER,
  ABAW_EXPR_HEADER,
  ABAW_AU_HEADER,
  ABAW_VA_DECIMALS,
} from './abaw';
export { predictionsCsv, predictionsJson, annotationCsv, annotationJson, frameTrackCsv, frameTrackJson, PREDICTIONS_CSV_HEADER } from './tables';
export { mediaFileName, safeFileStem, uniqueFileStems } from './file-names';
export { Sha256, sha256Hex, type StreamingHash } from './sha256';
export {
  exportSessionZip,
  writeSessionZip,
  MANIFEST_FILE,
  PREDICTIONS_STEM,
  type SessionExportOptions,
  type SessionExportSource,
  type SessionExportStats,
} from './zip-export';
export { importSessionZipStream, IMPORT_FRAMES_PER_BATCH, type SessionImportSink, type StreamedImport } from './zip-import-stream';
export { bytesZipSource, type ZipSource } from './zip-reader';
export { LANDMARK_DECIMALS, LANDMARKS_FILE } from './frame-rows';
export {
  importSessionZip,
  formatBytes,
  validateSessionImportLimits,
  DEFAULT_SESSION_IMPORT_LIMITS,
  type SessionImportLimits,
  type ImportedSession,
} from './zip-import';
export { TrackCensus, censusOf, faceOfTrack, framesOfTrack, type SessionTrack } from './face-tracks';
export { FaceBoxes, type FaceBox } from './face-boxes';
