#!/usr/bin/env node
/**
 * `npm run bench:peers`: affectscope live beside what a user could run instead, one after the other in the same
 * headless Debian Chromium, all on tfjs/MediaPipe WebAssembly, on the same fake camera clips. Prints JSON.
 *
 * Pipelines (each in its own page; the peers' pages are built into a temporary folder by
 * bench/lib/peer-pages.mjs and served by bin/lib/static-server.mjs, their models from their npm packages):
 *  - affectscope: the built app (`vite preview`, ?backend=wasm, the default model), read like bench/live.mjs;
 *    it tracks up to 2 faces (its default; ?faces=1–4), each through the network from its own recurrent state;
 *  - human: @vladmandic/human face detector + mesh + emotion, up to 4 faces, every model on every frame;
 *    human-caching: the same with human's own frame cache and skip rules (its default);
 *  - face-api: @vladmandic/face-api TinyFaceDetector + 68 landmarks + expressions;
 *  - landmarker-1: the MediaPipe Face Landmarker alone with the app's files and options, one face (what the app
 *    runs per frame: the limit of a landmark-aligned pipeline); landmarker-4: the same looking for up to 4 faces;
 *    landmarker-2 (twofaces only): looking for exactly as many faces as the clip holds, so MediaPipe skips its
 *    detector while it tracks both: the fastest any landmark-aligned pipeline can measure both faces of every frame.
 * Clips: face (MEDIA_FIXTURES.face, one face) and twofaces (MEDIA_FIXTURES.twofaces).
 * Per pipeline: fps over the window, per-frame ms (median, p95; for a peer the detect call, for affectscope frame
 * captured → prediction), first result with a face (ms since navigation started).
 * File analysis: bench/file.mjs on a --file-seconds clip (the demo clip looped with ffmpeg, no re-encode).
 *
 * Options: --seconds=15 (window after a 2 s warm-up)  --out=FILE  --clips=face,twofaces (none: file analysis only)
 *          --pipelines=affectscope,human,human-caching,face-api,landmarker-1,landmarker-4,landmarker-2 (default: all on
 *          face but landmarker-2; on twofaces those that analyse every face, and affectscope)  --file-seconds=60 (0: skip)
 * Not a test: nothing passes or fails on speed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MEDIA_FIXTURES } from '../test-support/media.mjs';
import { parseArgs, printReport } from './lib/measure.mjs';
import { launchFakeMediaBrowser, startPreviewServer } from '../test-support/browser.mjs';
import { buildPeerPages } from './lib/peer-pages.mjs';
import { measureAffectscope, measurePeer } from './lib/peer-measure.mjs';
import { serveStatic } from '../bin/lib/static-server.mjs';

const args = parseArgs(process.argv.slice(2));
const SECONDS = Number(args.seconds ?? 15);
const CLIPS = args.clips === 'none' ? [] : (args.clips ?? 'face,twofaces').split(',');
const FILE_SECONDS = Number(args['file-seconds'] ?? 60);
const PORT = Number(args.port ?? 4182);
const MODEL = JSON.parse(readFileSync('public/models/index.json', 'utf8'))[0].id;
const PIPELINES = {
  affectscope: { url: () => `http://localhost:${PORT}/?backend=wasm&model=${MODEL}`, app: true },
  human: { page: 'human', query: 'maxFaces=4' },
  // On the two-face clip by default only the pipelines that analyse every face (and the app): a shorter locked run.
  'human-caching': { page: 'human', query: 'maxFaces=4&caching=1', clips: ['face'] },
  'face-api': { page: 'face-api', query: '' },
  'landmarker-1': { page: 'landmarker', query: 'numFaces=1', clips: ['face'] },
  'landmarker-4': { page: 'landmarker', query: 'numFaces=4' },
  // as many faces as the two-face clip holds: MediaPipe skips its detector while it tracks numFaces faces
  'landmarker-2': { page: 'landmarker', query: 'numFaces=2', clips: ['twofaces'] },
};
const SELECTED = args.pipelines?.split(',');
const pipelinesFor = (clip) => SELECTED ?? Object.keys(PIPELINES).filter((id) => PIPELINES[id].clips?.includes(clip) ?? true);
for (const id of SELECTED ?? []) if (!PIPELINES[id]) throw new Error(`expected --pipelines among ${Object.keys(PIPELINES).join(', ')}, got ${id}`);
for (const clip of CLIPS) if (!MEDIA_FIXTURES[clip]) throw new Error(`expected --clips among face, twofaces, got ${clip}`);
const log = (...m) => console.error('[bench-peers]', ...m);
const round = (x, digits = 2) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : null);
const load = () => loadavg().map((x) => round(x));

const pages = buildPeerPages();
const peerServer = await serveStatic(pages.root);
const appServer = await startPreviewServer(PORT);
const live = {};
const loadAverageAtStart = load();
let chromium = null;
try {
  for (const clip of CLIPS) {
    // The fake camera is fixed per browser process; a later flag overrides launchFakeMediaBrowser's default clip.
    const browser = await launchFakeMediaBrowser([`--use-file-for-fake-video-capture=${MEDIA_FIXTURES[clip]}`]);
    chromium = browser.version();
    live[clip] = {};
    try {
      for (const id of pipelinesFor(clip)) {
        const spec = PIPELINES[id];
        const url = spec.app ? spec.url() : `${peerServer.origin}/${spec.page}/?${spec.query}`;
        const loadAverage1m = load()[0];
        log(`${clip}: ${id}…`);
        const result = spec.app ? await measureAffectscope(browser, url, SECONDS) : await measurePeer(browser, url, SECONDS);
        live[clip][id] = { loadAverage1mBefore: loadAverage1m, ...result };
        log(JSON.stringify({ fps: result.fps, perFrameMs: result.perFrameMs, firstResultMs: result.firstResultMs, error: result.error }));
      }
    } finally {
      await browser.close();
    }
  }
} finally {
  appServer.stop();
  await peerServer.close();
  pages.remove();
}

/** bench/file.mjs on the demo clip looped to `seconds` (stream copy: same frames, same codec). */
function measureFile(seconds) {
  const demo = 'dist/demo/affectscope-demo.webm';
  if (!existsSync(demo)) return { error: `${demo} is missing (npm run setup makes it; needs ffmpeg and espeak-ng)` };
  const work = mkdtempSync(join(tmpdir(), 'affectscope-bench-peers-file-'));
  try {
    const clip = join(work, `affectscope-demo-${seconds}s.webm`);
    execFileSync('ffmpeg', ['-nostdin', '-y', '-loglevel', 'error', '-stream_loop', '-1', '-i', demo, '-t', String(seconds), '-c', 'copy', clip]);
    const out = join(work, 'bench-file.json');
    execFileSync(process.execPath, ['bench/file.mjs', `--file=${clip}`, '--backend=wasm', `--model=${MODEL}`, `--out=${out}`], { stdio: ['ignore', 'ignore', 'inherit'] });
    const report = JSON.parse(readFileSync(out, 'utf8'));
    return { clip: `${demo} looped to ${seconds} s with ffmpeg -stream_loop (no re-encode)`, ...report };
  } catch (error) {
    return { error: String(error?.message ?? error).slice(0, 500) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const fps = (clip, id) => live[clip]?.[id]?.fps;
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? round(a / b) : null);
const ratios = Object.fromEntries(CLIPS.map((clip) => [clip, {
  affectscopeOverHuman: ratio(fps(clip, 'affectscope'), fps(clip, 'human')),
  affectscopeOverHumanCaching: ratio(fps(clip, 'affectscope'), fps(clip, 'human-caching')),
  affectscopeOverFaceApi: ratio(fps(clip, 'affectscope'), fps(clip, 'face-api')),
  affectscopeOverLandmarker1: ratio(fps(clip, 'affectscope'), fps(clip, 'landmarker-1')),
  affectscopeOverLandmarker4: ratio(fps(clip, 'affectscope'), fps(clip, 'landmarker-4')),
}]));
let file = null;
if (FILE_SECONDS > 0) {
  log(`file analysis: ${FILE_SECONDS} s clip…`);
  file = measureFile(FILE_SECONDS);
}

const report = {
  machine: {
    cpus: cpus().length, chromium, loadAverage: { atStart: loadAverageAtStart, atEnd: load(), of: '1, 5, 15 min (os.loadavg)' },
    note: 'pipelines ran one after the other, never in parallel; other jobs may share the machine (see the load averages)',
  },
  versions: { affectscope: JSON.parse(readFileSync('package.json', 'utf8')).version, affectscopeModel: MODEL, ...pages.packages },
  modelFiles: pages.models,
  method: {
    measuredSeconds: SECONDS,
    warmUpSeconds: 2,
    backend: 'wasm everywhere (tfjs-backend-wasm single-threaded SIMD for affectscope, human and face-api: no cross-origin isolation; MediaPipe CPU delegate)',
    fps: 'results per second over the window; a peer analyses each camera frame (30 fps) at most once, one call at a time',
    perFrameMs: 'peers: one detect call (detection + landmarks + emotion for every face); affectscope: frame captured → prediction (landmarks and network run in two workers, overlapped)',
    firstResultMs: 'performance.now() at the first result with a face: ms since navigation started, model loading included',
    affectscopeFaces: 'affectscope tracks up to 2 faces live (its default; with several in view it runs its 4-face landmarker on every frame and the network once per tracked face); the peers analyse every face they find (up to 4)',
    order: SELECTED ? `as --pipelines gave it: ${SELECTED.join(', ')}` : 'affectscope first on each clip, then the peers; when the load falls during a run (see loadAverage1mBefore) the first pipelines ran under more contention',
    clips: { face: 'MEDIA_FIXTURES.face: 640×480 still of one face, 30 fps', twofaces: 'MEDIA_FIXTURES.twofaces: 640×480 still of two faces (one ~2× the other), 30 fps' },
  },
  live,
  ratios,
  fileAnalysis: file,
};
printReport(report, args.out);
process.exit(0);
