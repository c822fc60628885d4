// Runs the two baseline expression models (tools/data/lib/baselines.mjs) in Node with TensorFlow.js 4.22 on the
// WebAssembly backend. Model files are read from node_modules at run time and checked against their sha256.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { BASELINE_MODELS, BaselineError } from './baselines.mjs';

const require = createRequire(import.meta.url);

/** The directory of an installed npm package, or undefined. */
export function findPackageDir(packageName) {
  // Not require.resolve('<pkg>/package.json'): @vladmandic/human's "exports" does not export it.
  return (require.resolve.paths(packageName) ?? []).map((p) => join(p, packageName)).find((d) => existsSync(join(d, 'package.json')));
}

/**
 * The package directory of the first of `spec.packages` that is installed, with its version and the verified
 * bytes of `spec.files`. Throws BaselineError when none is installed or a file's sha256 differs.
 */
export function readModelFiles(spec) {
  for (const packageName of spec.packages) {
    const dir = findPackageDir(packageName);
    if (!dir || !spec.files.every((f) => existsSync(join(dir, f.path)))) continue;
    const { version, license } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const files = spec.files.map((f) => {
      const bytes = readFileSync(join(dir, f.path));
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (sha256 !== f.sha256) {
        throw new BaselineError(`${packageName}@${version} ${f.path}: expected sha256 ${f.sha256}, got ${sha256} (a different model than the one this script describes)`);
      }
      return { path: f.path, sha256, bytes };
    });
    return { packageName, version, license, dir, files };
  }
  throw new BaselineError(`${spec.id}: none of ${spec.packages.join(', ')} is installed with ${spec.files.map((f) => f.path).join(', ')}; run npm install`);
}

/**
 * TensorFlow.js as @vladmandic/face-api's Node WebAssembly build bundles it (@tensorflow/tfjs +
 * tfjs-backend-wasm, CommonJS): one tfjs instance for both models, so both run on the same backend.
 */
export async function loadTfjs(backend = 'wasm') {
  const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
  const { tf } = faceapi;
  if (!(await tf.setBackend(backend))) throw new BaselineError(`expected the tfjs ${backend} backend to start, it did not`);
  await tf.ready();
  return { tf, faceapi };
}

function arrayBufferOf(bytes) {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

/** Gray crop (uint8, sizePx², row-major) → int32 [sizePx, sizePx, 3], the gray value in each channel. */
function grayToRgbInt(tf, pixels, sizePx) {
  return tf.tile(tf.tensor3d(Int32Array.from(pixels), [sizePx, sizePx, 1], 'int32'), [1, 1, 3]);
}

/**
 * @vladmandic/human's "emotion" model with human's own preprocessing (src/gear/emotion.ts, the gray-input
 * branch). predict(pixels, sizePx) → probabilities in the model's native label order.
 */
export async function createHumanEmotion(tf, modelFiles) {
  const spec = BASELINE_MODELS.find((m) => m.id === 'human-emotion');
  const json = JSON.parse(Buffer.from(modelFiles.files[0].bytes).toString('utf8'));
  const model = await tf.loadGraphModel(tf.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((m) => m.weights),
    weightData: arrayBufferOf(modelFiles.files[1].bytes),
  }));
  const inputShape = model.inputs[0].shape;
  // Human picks the label order by the input's channel count: 1 = oarriaga (FER2013 order), 3 = affectnet.
  if (inputShape[3] !== 1 || inputShape[2] !== spec.inputSizePx) {
    throw new BaselineError(`human emotion: expected input [-1, ${spec.inputSizePx}, ${spec.inputSizePx}, 1], got [${inputShape}]`);
  }
  const rgbWeights = tf.tensor1d([0.2989, 0.5870, 0.1140], 'float32'); // human's constants.rgb
  return {
    spec,
    async predict(pixels, sizePx) {
      const out = tf.tidy(() => {
        const face = tf.div(tf.expandDims(grayToRgbInt(tf, pixels, sizePx).toFloat(), 0), 255); // human's crop / 255
        const resize = tf.image.resizeBilinear(face, [spec.inputSizePx, spec.inputSizePx], false);
        const grayscale = tf.sum(tf.mul(resize, rgbWeights), 3, true);
        const normalized = tf.mul(tf.sub(grayscale, 0.5), 2);
        return model.execute(normalized);
      });
      const probabilities = await out.data();
      out.dispose();
      return probabilities;
    },
    dispose() {
      model.dispose();
      rgbWeights.dispose();
    },
  };
}

/**
 * @vladmandic/face-api's FaceExpressionNet, run through its own predictExpressions (which pads, resizes to 112
 * and normalises). predict(pixels, sizePx) → probabilities in FACE_EXPRESSION_LABELS order.
 */
export async function createFaceApiExpression(faceapi, modelFiles) {
  const { tf } = faceapi;
  const spec = BASELINE_MODELS.find((m) => m.id === 'face-api-expression');
  const labels = [...faceapi.FACE_EXPRESSION_LABELS];
  if (labels.join() !== spec.nativeLabels.join()) {
    throw new BaselineError(`face-api: expected FACE_EXPRESSION_LABELS ${spec.nativeLabels.join(', ')}, got ${labels.join(', ')}`);
  }
  const manifest = JSON.parse(Buffer.from(modelFiles.files[0].bytes).toString('utf8'));
  const weightMap = tf.io.decodeWeights(arrayBufferOf(modelFiles.files[1].bytes), manifest.flatMap((m) => m.weights));
  const net = new faceapi.FaceExpressionNet();
  net.loadFromWeightMap(weightMap);
  return {
    spec,
    async predict(pixels, sizePx) {
      const face = tf.tidy(() => grayToRgbInt(tf, pixels, sizePx));
      try {
        const expressions = await net.predictExpressions(face);
        return Float32Array.from(labels, (label) => expressions[label]);
      } finally {
        face.dispose();
      }
    },
    dispose() {
      net.dispose();
    },
  };
}

/** Loads one baseline by id: verified files, then its runner. */
export async function createBaseline(id, { tf, faceapi }) {
  const spec = BASELINE_MODELS.find((m) => m.id === id);
  if (!spec) throw new BaselineError(`expected a model id among ${BASELINE_MODELS.map((m) => m.id).join(', ')}, got ${id}`);
  const modelFiles = readModelFiles(spec);
  const runner = id === 'human-emotion' ? await createHumanEmotion(tf, modelFiles) : await createFaceApiExpression(faceapi, modelFiles);
  return { ...runner, modelFiles };
}
