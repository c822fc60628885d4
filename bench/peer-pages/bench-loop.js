// Runs in the benchmark's peer pages (served from a temporary folder, never part of the app): reads the fake
// camera, then detect → record, once per camera frame, one call at a time, into window.__bench.
// Times are performance.now() ms, i.e. since the page's navigation started.

/**
 * @param {string} name
 * @param {(video: HTMLVideoElement) => Promise<object>} load  loads the models; resolves with metadata for the report
 * @param {(video: HTMLVideoElement, timestampMs: number) => Promise<number> | number} detect  resolves with the faces found
 */
export async function runPeerBench(name, load, detect) {
  const bench = {
    name, phase: 'starting', error: null, meta: {}, cameraReadyMs: null, modelsReadyMs: null, firstResultMs: null,
    /** one entry per detect call in the current window: [startMs, durationMs, faces] */
    calls: [],
    clear() { bench.calls = []; },
  };
  window.__bench = bench;
  try {
    const video = document.querySelector('video');
    video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
    video.muted = true;
    await video.play();
    // tfjs-based detectors read the element's width/height attributes, not its intrinsic size.
    video.width = video.videoWidth;
    video.height = video.videoHeight;
    bench.meta.videoSizePx = [video.videoWidth, video.videoHeight];
    bench.cameraReadyMs = performance.now();
    bench.meta = { ...bench.meta, ...(await load(video)) };
    bench.modelsReadyMs = performance.now();
    bench.phase = 'running';
    await loop(bench, video, detect);
  } catch (error) {
    bench.phase = 'failed';
    bench.error = String(error?.stack ?? error);
  }
}

/** Each camera frame is analysed at most once; when a call outlasts a frame, the next call starts at once on the newest. */
async function loop(bench, video, detect) {
  let presented = 0;
  let wake = null;
  const onFrame = (_now, metadata) => {
    presented = metadata.presentedFrames;
    wake?.();
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
  let analysed = -1;
  for (;;) {
    if (presented === analysed) await new Promise((resolve) => { wake = resolve; });
    wake = null;
    analysed = presented;
    const startMs = performance.now();
    const faces = await detect(video, startMs);
    const endMs = performance.now();
    bench.calls.push([startMs, endMs - startMs, faces]);
    if (faces > 0 && bench.firstResultMs === null) bench.firstResultMs = endMs;
  }
}
