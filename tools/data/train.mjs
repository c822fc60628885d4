// One command from the data in ../shared to the app's default weights (issues 3 and 14):
//   npm run train [-- --labels ferplus-ce --visual-epochs N …]      (options not listed below go to the Python trainer)
//   npm run train -- --abaw <ABAW folder>                           (the face stream on Aff-Wild2's real labels)
// Node-side options: --abaw DIR; --cache DIR (training/cache); --run DIR (training/runs/lite); --model-dir DIR, ending in the id
// (public/models/av-mt-vgg-rnn-lite: the app's default weights); --no-convert (stop after PyTorch).
// 1. training inputs through the live page's own preprocessing (npm run prepare-data; skipped when <cache>/READY-faces
//    and READY-audio exist; with --abaw, the ABAW frames instead of FER2013, skipped when <cache>/abaw/READY is of DIR),
// 2. the PyTorch recipe (training/affectscope_train, Debian's /usr/bin/python3 + python3-torch), which checkpoints
//    every phase after each epoch under <cache>/checkpoints/: run the same command again after an interruption and it
//    resumes after the last finished epoch,
// 3. conversion to the app's format (npm run convert-weights), float16,
// 4. the AU presence thresholds, chosen on 4,000 training faces through the app (npm run evaluate -- fer2013_train.npz
//    --limit 4000 --calibrate-au --write-au-thresholds; the default model folder only, not with --abaw).
// With --only-audio or --only-visual (one stream alone, for an ablation; --only-audio also trains the audio teacher
// unless --audio-teacher-width 0) only that stream's inputs are prepared, and it
// ends with <run>/audio-report.json or visual-report.json: nothing is converted.
// Afterwards check it through the app's preprocessing: npm run evaluate -- <faces.npz | RAVDESS folder | ABAW folder>.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PYTHON = process.env.AFFECTSCOPE_PYTHON ?? '/usr/bin/python3';
const MODEL_ID = 'av-mt-vgg-rnn-lite';
/** training faces the AU thresholds are chosen on (evenly spaced over FER2013's training split) */
const AU_CALIBRATION_FACES = 4000;
const NODE_OPTIONS = { '--abaw': 'abaw', '--cache': 'cache', '--run': 'run', '--model-dir': 'modelDir' };

/** Splits argv into the Node-side options above and the rest (for the Python trainer). */
export function splitTrainArgs(argv) {
  const node = { cache: join(ROOT, 'training/cache'), run: join(ROOT, 'training/runs/lite'), modelDir: join(ROOT, 'public/models', MODEL_ID), convert: true };
  const python = [];
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split(/=(.*)/s, 2);
    if (argv[i] === '--no-convert') node.convert = false;
    else if (NODE_OPTIONS[name]) node[NODE_OPTIONS[name]] = resolve(folderValue(name, inline ?? argv[++i], 'a folder'));
    // a folder for the trainer, which runs in training/: made absolute from where the command was started
    else if (name === '--from-model') python.push(name, resolve(folderValue(name, inline ?? argv[++i], 'a model folder')));
    else if (name === '--audio-teacher') python.push(name, resolve(folderValue(name, inline ?? argv[++i], 'a phase-2 checkpoint file')));
    else python.push(argv[i]);
  }
  return { node, python };
}

function folderValue(name, value, expected) {
  if (value === undefined || value.startsWith('--')) throw new Error(`${name}: expected ${expected}, got ${value ?? 'nothing'}`);
  return value;
}

/** The trainer's --labels (`--labels X` or `--labels=X`; its default, ferplus-ce, when absent). */
export function expressionLabelMode(pythonArgs) {
  let mode = 'ferplus-ce';
  pythonArgs.forEach((arg, i) => {
    if (arg === '--labels') mode = pythonArgs[i + 1] ?? mode;
    else if (arg.startsWith('--labels=')) mode = arg.slice('--labels='.length);
  });
  return mode;
}

/** 'audio' or 'visual' when the trainer is told to train that stream alone (an ablation: no export), else null. */
export function onlyStream(pythonArgs) {
  if (pythonArgs.includes('--only-audio')) return 'audio';
  if (pythonArgs.includes('--only-visual')) return 'visual';
  return null;
}

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

function abawReadyFor(cache, dir) {
  const ready = join(cache, 'abaw/READY');
  return existsSync(ready) && JSON.parse(readFileSync(ready, 'utf8')).input === dir;
}

function main() {
  let args;
  try {
    args = splitTrainArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`train: ${error.message}`);
    process.exit(1);
  }
  const { node, python } = args;
  // One stream alone is an ablation: it needs only its own inputs, and writes a report, not weights to convert.
  const only = onlyStream(python);
  if (only) node.convert = false;
  if (spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' }).status !== 0) {
    console.error(`train: ${PYTHON} cannot import torch; on Debian: apt-get install python3-torch python3-numpy`);
    process.exit(1);
  }
  const started = Date.now();
  const prepare = ['tools/data/prepare-training-data.mjs'];
  if (node.abaw && !abawReadyFor(node.cache, node.abaw)) {
    step('ABAW frames through the app\'s landmarker + alignment', 'node', [...prepare, 'abaw', node.abaw, '--out', join(node.cache, 'abaw')]);
  }
  // prepare-data writes training/cache itself; another --cache gets each output named, and its READY file from here.
  const named = node.cache !== join(ROOT, 'training/cache');
  if (!node.abaw && only !== 'audio' && !existsSync(join(node.cache, 'READY-faces'))) {
    for (const split of named ? ['fer2013_PublicTest', 'fer2013_train'] : [null]) {
      step('faces through the app\'s landmarker + alignment', 'node', [...prepare, 'faces',
        ...(split ? [join(ROOT, '../shared/data/fer2013', `${split}.npz`), '--out', join(node.cache, split)] : [])]);
    }
    if (named) writeFileSync(join(node.cache, 'READY-faces'), '{}');
  }
  if (only !== 'visual' && !existsSync(join(node.cache, 'READY-audio'))) {
    step('speech through the app\'s spectrogram DSP', 'node', [...prepare, 'audio', join(ROOT, '../shared/data/ravdess16k'),
      ...(named ? ['--out', join(node.cache, 'ravdess')] : [])]);
    if (named) writeFileSync(join(node.cache, 'READY-audio'), '{}');
  }
  const trainer = ['-m', 'affectscope_train.train', '--cache', node.cache, '--out', node.run, ...(node.abaw ? ['--abaw', join(node.cache, 'abaw')] : []), ...python];
  // (affectscope_train sets OMP_WAIT_POLICY=PASSIVE itself, before torch loads)
  step('PyTorch training', PYTHON, trainer, { cwd: join(ROOT, 'training') });
  if (node.convert) {
    const labels = node.abaw ? 'Aff-Wild2' : expressionLabelMode(python) === 'fer2013' ? 'FER2013' : 'FER+';
    step('conversion to the app\'s format', 'node', [
      'tools/weights/convert-weights.mjs', join(node.run, 'model.safetensors'),
      '--id', MODEL_ID, '--out', node.modelDir,
      '--name', `A/V-MT-VGG-RNN lite (${labels} + RAVDESS, affectscope)`,
      '--provenance', join(node.run, 'provenance.json'), '--dtype', 'float16',
    ]);
    if (!node.abaw && node.modelDir === join(ROOT, 'public/models', MODEL_ID)) {
      step('AU thresholds on training faces', 'node', [
        'tools/data/evaluate.mjs', join(ROOT, '../shared/data/fer2013/fer2013_train.npz'), '--model', MODEL_ID, '--limit', String(AU_CALIBRATION_FACES),
        '--calibrate-au', '--write-au-thresholds',
      ], { stdio: ['ignore', 'ignore', 'inherit'] });
    } else {
      console.error('train: no AU thresholds chosen (another model folder, or ABAW): every AU is present from 0.5 until npm run evaluate -- <training faces> --calibrate-au --write-au-thresholds');
    }
  }
  console.error(`\ntrain: done in ${((Date.now() - started) / 60000).toFixed(1)} min. Report: ${join(node.run, only ? `${only}-report.json` : 'report.json')}` +
    (node.convert ? `; weights: ${node.modelDir}` : ''));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
