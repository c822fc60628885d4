// The benchmark's peer pages (bench/peer-pages/*.js) in a temporary folder, with the peers' npm packages
// and the app's MediaPipe files linked in (nothing copied into public/, nothing fetched from the network).
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPackageDir } from '../../tools/data/lib/baselines-models.mjs';

const SOURCES = fileURLToPath(new URL('../peer-pages/', import.meta.url));
export const PEER_PAGES = Object.freeze(['human', 'face-api', 'landmarker']);

/** Served under /vendor/<name>: npm packages by name, the app's MediaPipe folder by path. */
const VENDOR = {
  human: { packageName: '@vladmandic/human' },
  'face-api': { packageName: '@vladmandic/face-api' },
  'tfjs-backend-wasm': { packageName: '@tensorflow/tfjs-backend-wasm' },
  'tasks-vision': { packageName: '@mediapipe/tasks-vision' },
  mediapipe: { path: 'public/vendor/mediapipe' },
};

/** The model files each page loads, relative to its /vendor/<name> folder (hashed into the report). */
const MODEL_FILES = {
  human: ['human', ['models/blazeface.json', 'models/blazeface.bin', 'models/facemesh.json', 'models/facemesh.bin', 'models/emotion.json', 'models/emotion.bin']],
  'face-api': ['face-api', [
    'model/tiny_face_detector_model-weights_manifest.json', 'model/tiny_face_detector_model.bin',
    'model/face_landmark_68_model-weights_manifest.json', 'model/face_landmark_68_model.bin',
    'model/face_expression_model-weights_manifest.json', 'model/face_expression_model.bin',
  ]],
  landmarker: ['mediapipe', ['face_landmarker.task']],
};

function vendorDir(name) {
  const spec = VENDOR[name];
  if (spec.path) return resolve(spec.path);
  const dir = findPackageDir(spec.packageName);
  if (!dir) throw new Error(`${spec.packageName} is not installed: run npm install`);
  return dir;
}

/**
 * Builds the folder; resolves with its root, a remove(), and per page the versions and model files it uses
 * (version from each package's package.json, sha256 of each model file).
 */
export function buildPeerPages() {
  const root = mkdtempSync(join(tmpdir(), 'affectscope-peers-'));
  mkdirSync(join(root, 'vendor'));
  const dirs = {};
  for (const name of Object.keys(VENDOR)) {
    dirs[name] = vendorDir(name);
    symlinkSync(dirs[name], join(root, 'vendor', name), 'dir');
  }
  copyFileSync(join(SOURCES, 'bench-loop.js'), join(root, 'bench-loop.js'));
  for (const page of PEER_PAGES) {
    mkdirSync(join(root, page));
    copyFileSync(join(SOURCES, 'page.html'), join(root, page, 'index.html'));
    copyFileSync(join(SOURCES, `${page}.js`), join(root, page, 'main.js'));
  }
  const version = (name) => JSON.parse(readFileSync(join(dirs[name], 'package.json'), 'utf8')).version;
  const packages = Object.fromEntries(Object.entries(VENDOR).filter(([, s]) => s.packageName).map(([name, s]) => [s.packageName, version(name)]));
  const models = Object.fromEntries(PEER_PAGES.map((page) => {
    const [vendor, files] = MODEL_FILES[page];
    return [page, files.map((file) => {
      const bytes = readFileSync(join(dirs[vendor], file));
      return { file: `${VENDOR[vendor].packageName ?? VENDOR[vendor].path}/${file}`, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    })];
  }));
  return { root, packages, models, remove: () => rmSync(root, { recursive: true, force: true }) };
}
