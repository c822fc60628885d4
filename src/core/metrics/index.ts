export { concordanceCorrelation } from './ccc';
export {
  f1Score,
  confusionMatrix,
  perClassF1,
  macroF1,
  accuracy,
  perClassRecall,
  type BinaryLabel,
} from './classification';
