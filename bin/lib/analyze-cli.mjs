// `affectscope analyze`'s command line: its options, its usage text and the two errors that end a run with exit 2.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (or installed package) root: the default --dist is its dist/. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const USAGE = `Usage: affectscope analyze <video | folder> --out <dir> [options]

Analyses each video (a folder: its .mp4 .m4v .mov .webm .mkv files) with the app's pipeline in headless
Chromium and writes <dir>/<name>/frames.csv, frames.json, VA_Estimation.txt, EXPR_Recognition.txt,
AU_Detection.txt (the largest face in each frame) and done.json. With several people (two faces together in 10+ frames)
(up to 4 are tracked), each face track also gets its own three ABAW files: left_VA_Estimation.txt,
right_VA_Estimation.txt, … for two people in view together, else track<id>_VA_Estimation.txt, …
(listed in done.json). Videos already done are skipped.

Options:
  --out <dir>         where the results go (required)
  --chromium <path>   the Chromium to run (default /usr/bin/chromium)
  --backend <name>    TensorFlow.js backend: wasm (default), cpu, webgl, webgpu, auto
  --model <id>        a model id from models/index.json (default: the app's default model)
  --dist <dir>        the built app to serve (default dist/, built with npm run build when missing)
  --force             analyse again even when a result is complete
  --verbose           echo the page's console`;

/** A mistake in the command line: the message and the usage, exit 2. */
export class UsageError extends Error {}
/** Cannot run as asked (--out locked or unwritable, no Chromium): one line, exit 2. */
export class FatalError extends Error {}

export function parseCli(argv) {
  const args = argv[0] === 'analyze' ? argv.slice(1) : argv;
  const options = { inputs: [], out: null, chromium: '/usr/bin/chromium', backend: 'wasm', model: null, dist: join(ROOT, 'dist'), force: false, verbose: false, help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const v = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      if (v === undefined || v === '') throw new UsageError(`${arg.split('=')[0]} needs a value`);
      return v;
    };
    const name = arg.split('=')[0];
    if (name === '--out') options.out = resolve(value());
    else if (name === '--chromium') options.chromium = value();
    else if (name === '--backend') options.backend = value();
    else if (name === '--model') options.model = value();
    else if (name === '--dist') options.dist = resolve(value());
    else if (arg === '--force') options.force = true;
    else if (arg === '--verbose') options.verbose = true;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else options.inputs.push(resolve(arg));
  }
  if (options.help) return options;
  if (options.inputs.length !== 1) throw new UsageError('expected one video file or folder');
  if (!options.out) throw new UsageError('--out <dir> is required');
  if (!['wasm', 'cpu', 'webgl', 'webgpu', 'auto'].includes(options.backend)) throw new UsageError(`--backend: expected wasm, cpu, webgl, webgpu or auto, got ${options.backend}`);
  return options;
}
