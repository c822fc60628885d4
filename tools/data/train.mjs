// One command from the data in ../shared to the app's default weights (issue 3):
//   npm run train [-- --threads N --visual-epochs N …]   (extra options go to the Python trainer)
// 1. training inputs through the live page's own preprocessing (npm run prepare-data; skipped when
//    training/cache/READY-faces and READY-audio exist),
// 2. the PyTorch recipe (training/affectscope_train/train.py, Debian's /usr/bin/python3 + python3-torch),
// 3. conversion to the app's format (npm run convert-weights) into public/models/av-mt-vgg-rnn-lite/.
// Afterwards check it through the app's preprocessing: npm run evaluate -- <faces.npz | RAVDESS folder>.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PYTHON = process.env.AFFECTSCOPE_PYTHON ?? '/usr/bin/python3';
const CACHE = join(ROOT, 'training/cache');
const RUN = join(ROOT, 'training/runs/lite');
const MODEL_ID = 'av-mt-vgg-rnn-lite';

function step(title, command, args, options = {}) {
  const started = Date.now();
  console.error(`\ntrain: ${title}\n  $ ${[command, ...args].join(' ')}`);
  const run = spawnSync(command, args, { stdio: 'inherit', cwd: ROOT, ...options });
  if (run.status !== 0) {
    console.error(`train: "${title}" failed (exit ${run.status ?? run.signal})`);
    process.exit(1);
  }
  console.error(`train: ${title} done in ${((Date.now() - started) / 60000).toFixed(1)} min`);
}

if (spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' }).status !== 0) {
  console.error(`train: ${PYTHON} cannot import torch; on Debian: apt-get install python3-torch python3-numpy`);
  process.exit(1);
}
if (!existsSync(join(CACHE, 'READY-faces'))) step('faces through the app\'s landmarker + alignment', 'node', ['tools/data/prepare-training-data.mjs', 'faces']);
if (!existsSync(join(CACHE, 'READY-audio'))) {
  step('speech through the app\'s spectrogram DSP', 'node', ['tools/data/prepare-training-data.mjs', 'audio', join(ROOT, '../shared/data/ravdess16k')]);
}
step('PyTorch training', PYTHON, ['-m', 'affectscope_train.train', '--cache', CACHE, '--out', RUN, ...process.argv.slice(2)], {
  cwd: join(ROOT, 'training'),
  // Oversubscribed OpenMP threads spin-wait for each other; passive waiting keeps a shared machine usable.
  env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' },
});
step('conversion to the app\'s format', 'node', [
  'tools/weights/convert-weights.mjs', join(RUN, 'model.safetensors'),
  '--id', MODEL_ID, '--out', join(ROOT, 'public/models', MODEL_ID),
  '--name', 'A/V-MT-VGG-RNN lite (FER2013 + RAVDESS, affectscope)',
  '--provenance', join(RUN, 'provenance.json'), '--dtype', 'float16',
]);
console.error(`\ntrain: done. Report: ${join(RUN, 'report.json')}; weights: public/models/${MODEL_ID}/`);
