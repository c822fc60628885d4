/** What the Node data scripts use of the project's TypeScript, bundled by tools/data/lib/tools-node.mjs. */
export { clipFeatures, videoTimesMs } from './clip-audio';
export { contextWindowAt, validateSpectrogramOptions, hopLengthSamples, windowLengthSamples } from '../../../core/audio';
export { parseRavdessName, parseActorRange, RAVDESS_TO_ABAW } from './ravdess';
export { faceEvaluation, expressionMetrics, predictedExpression } from './evaluation-report';
export { EXPRESSIONS } from '../../../core/labels';
