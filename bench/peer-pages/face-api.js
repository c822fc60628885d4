// @vladmandic/face-api: TinyFaceDetector (default options) + 68 landmarks + expressions, on tfjs wasm,
// models from its npm package.
import * as faceapi from '../vendor/face-api/dist/face-api.esm.js';
import { runPeerBench } from '../bench-loop.js';

const options = new faceapi.TinyFaceDetectorOptions();

runPeerBench('face-api', async () => {
  faceapi.tf.setWasmPaths('/vendor/tfjs-backend-wasm/dist/');
  if (!(await faceapi.tf.setBackend('wasm'))) throw new Error('face-api: the tfjs wasm backend did not start');
  await faceapi.tf.ready();
  const models = '/vendor/face-api/model';
  await Promise.all([
    faceapi.nets.tinyFaceDetector.loadFromUri(models),
    faceapi.nets.faceLandmark68Net.loadFromUri(models),
    faceapi.nets.faceExpressionNet.loadFromUri(models),
  ]);
  return { backend: faceapi.tf.getBackend(), tfjs: faceapi.tf.version_core, inputSizePx: options.inputSize, scoreThreshold: options.scoreThreshold };
}, async (video) => {
  const faces = await faceapi.detectAllFaces(video, options).withFaceLandmarks().withFaceExpressions();
  return faces.length;
});
