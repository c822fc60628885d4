export * from './types';
export { validateSession, validateSessionRecord } from './validate';
export { restoreSession, serializeSession, upgradeSessionFile, SESSION_UPGRADES, type SessionUpgrade } from './restore';
export { fileSourceFromFrameTimes, sessionVideoFrameTimesMs, sourceFrameTimesMs } from './source';
export { nearestRecordPerFrame, spanPerFrame, uniformFrameTimesMs, validateFrameTimes } from './align';
export {
  predictionsOnFrames,
  vaTrackOnFrames,
  expressionTrackOnFrames,
  auTrackOnFrames,
  argmax,
  type FrameTables,
  type FrameVa,
  type FrameExpression,
  type FrameAus,
} from './frame-tables';
export {
  writeAbawVa,
  writeAbawExpression,
  writeAbawAu,
  parseAbawVa,
  parseAbawExpression,
  parseAbawAu,
  ABAW_VA_HEADER,
  ABAW_EXPR_HEADER,
  ABAW_AU_HEADER,
  ABAW_VA_DECIMALS,
} from './abaw';
export { predictionsCsv, predictionsJson, annotationCsv, annotationJson, PREDICTIONS_CSV_HEADER } from './tables';
export { mediaFileName, safeFileStem, uniqueFileStems } from './file-names';
export { sha256Hex } from './sha256';
export { exportSessionZip, MANIFEST_FILE, PREDICTIONS_STEM, type SessionExportOptions } from './zip-export';
export {
  importSessionZip,
  validateSessionImportLimits,
  DEFAULT_SESSION_IMPORT_LIMITS,
  type SessionImportLimits,
  type ImportedSession,
} from './zip-import';
