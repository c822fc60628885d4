export { concordanceCorrelation } from './ccc';
export {
  f1Score,
  confusionMatrix,
  perClassF1,
  macroF1,
  macroF1OverPresentClasses,
  classesPresent,
  accuracy,
  perClassRecall,
  type BinaryLabel,
} from './classification';
export { cohensKappa } from './kappa';
export { pearsonCorrelation } from './pearson';
export { krippendorffAlpha, coincidences, type Coincidences, type KrippendorffLevel } from './krippendorff';
export { defined, undefinedBecause, meanOfDefined, type Statistic } from './statistic';
