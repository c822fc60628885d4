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
export {
  DEFAULT_AU_THRESHOLD,
  DEFAULT_AU_THRESHOLDS,
  auThresholdsOf,
  chooseActionUnitThresholds,
  describeAuThresholds,
  presentActionUnits,
  readActionUnitThresholds,
  type ActionUnitThresholds,
  type ThresholdChoice,
} from './thresholds';
