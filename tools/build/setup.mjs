#!/usr/bin/env node
// Puts the runtime assets the app serves from its own origin under public/ (no CDN at run time):
// MediaPipe + tfjs wasm binaries, the verified face_landmarker.task, and untrained init weights.
// Idempotent: a second run only re-hashes and compares files.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildModelsIndex } from './models-index.mjs';
import {
  AssetError,
  FACE_LANDMARKER,
  MIRROR_ENV_VAR,
  ensureVerifiedFile,
  resolveModelSource,
  syncFiles,
  writeIfChanged,
} from './assets.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const at = (...parts) => join(root, ...parts);
const show = (path) => relative(root, path) || '.';

async function main() {
  const started = performance.now();

  const mp = await syncFiles(at('node_modules/@mediapipe/tasks-vision/wasm'), at('public/vendor/mediapipe/wasm'));
  const tf = await syncFiles(at('node_modules/@tensorflow/tfjs-backend-wasm/dist'), at('public/vendor/tfjs-wasm'), (n) =>
    n.endsWith('.wasm'),
  );
  console.log(`setup: wasm files copied ${mp.copied + tf.copied}, unchanged ${mp.unchanged + tf.unchanged}`);

  const dest = at('public/vendor/mediapipe', FACE_LANDMARKER.fileName);
  const source = await resolveModelSource({
    fileName: FACE_LANDMARKER.fileName,
    url: FACE_LANDMARKER.url,
    mirrorDir: process.env[MIRROR_ENV_VAR] || undefined,
    sharedDir: resolve(root, '../shared/models'),
  });
  const outcome = await ensureVerifiedFile({ dest, sha256: FACE_LANDMARKER.sha256, source, url: FACE_LANDMARKER.url });
  const from = source.kind === 'url' ? source.url : source.path;
  console.log(`setup: ${show(dest)} ${outcome === 'present' ? 'present, sha256 ok' : `${outcome} from ${from}, sha256 ok`}`);
  // sha256sum format; the browser reads the first token and checks the fetched bytes against it.
  await writeIfChanged(`${dest}.sha256`, `${FACE_LANDMARKER.sha256}  ${FACE_LANDMARKER.fileName}\n`);

  const initManifest = at('public/models/av-mt-vgg-rnn-lite-init/manifest.json');
  const initScript = at('tools/weights/make-init-weights.mjs');
  if (!existsSync(initManifest) && existsSync(initScript)) {
    console.log(`setup: generating init weights (${show(initScript)})`);
    const run = spawnSync(process.execPath, [initScript], { cwd: root, stdio: 'inherit' });
    if (run.status !== 0) throw new AssetError(`setup: ${show(initScript)} failed (exit ${run.status ?? run.signal})`);
  }

  // The "Try it" clip: made with ffmpeg + espeak-ng when they are installed; never fatal (the button says how to get it).
  spawnSync(process.execPath, [at('tools/build/make-demo-clip.mjs')], { cwd: root, stdio: 'inherit' });

  const index = buildModelsIndex(at('public/models'));
  await writeIfChanged(at('public/models/index.json'), `${JSON.stringify(index, null, 2)}\n`);
  console.log(`setup: public/models/index.json lists ${index.map((e) => e.id).join(', ')}`);

  console.log(`setup: done in ${Math.round(performance.now() - started)} ms`);
}

main().catch((error) => {
  console.error(error instanceof AssetError ? error.message : error);
  process.exit(1);
});
