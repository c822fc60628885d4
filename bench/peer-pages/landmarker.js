// MediaPipe Face Landmarker alone, with the app's own files (public/vendor/mediapipe) and the options of
// src/io/landmarker.ts: VIDEO mode, CPU delegate, blendshapes. ?numFaces=N (the app tracks with 1).
import { FaceLandmarker, FilesetResolver } from '../vendor/tasks-vision/vision_bundle.mjs';
import { runPeerBench } from '../bench-loop.js';

const numFaces = Number(new URLSearchParams(location.search).get('numFaces') ?? 1);
let landmarker = null;
let lastTimestampMs = -1;

runPeerBench('landmarker', async () => {
  const fileset = await FilesetResolver.forVisionTasks('/vendor/mediapipe/wasm');
  landmarker = await FaceLandmarker.createFromOptions(fileset, {
    baseOptions: { modelAssetPath: '/vendor/mediapipe/face_landmarker.task', delegate: 'CPU' },
    runningMode: 'VIDEO',
    numFaces,
    outputFaceBlendshapes: true,
  });
  return { numFaces, delegate: 'CPU', runningMode: 'VIDEO' };
}, (video, timestampMs) => {
  // VIDEO mode requires strictly increasing timestamps.
  lastTimestampMs = Math.max(Math.round(timestampMs), lastTimestampMs + 1);
  return landmarker.detectForVideo(video, lastTimestampMs).faceLandmarks.length;
});
