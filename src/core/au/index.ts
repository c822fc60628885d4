export {
  BLENDSHAPE_AU_CALIBRATION,
  BLENDSHAPE_AU_SOURCES,
  auActivation,
  blendshapesToActionUnits,
  rawAuScore,
  validateAuCalibration,
  type AuCalibration,
  type AuSource,
  type MeasuredActionUnits,
} from './blendshape-aus';
