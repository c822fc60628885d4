// Training inputs made by the live page's own preprocessing (issue 3: preprocessing parity).
//
//   npm run prepare-data -- faces [in.npz …] [--out training/cache/<name>] [--batch 256] [--limit N] [--variant pad,border,size]
//   npm run prepare-data -- audio <folder> [--out training/cache/ravdess]
//   npm run prepare-data -- calibrate-faces <in.npz> [--sample 500]
//   npm run prepare-data -- abaw <ABAW folder> [--out training/cache/abaw]
//
// faces: every image → the project's Face Landmarker (IMAGE mode) + alignFace (96×96, luma3) in headless
// Chromium (/tools.html); misses get the median transform of the hits and found = 0. Default input: both
// FER2013 splits from ../shared/data/fer2013. audio: every clip → ffmpeg decode → the page's resampler +
// clipSpectrogram with the default model's input.audio options, in Node (bundled TypeScript).
// abaw: the labelled frames of an Aff-Wild2 / ABAW layout through the faces path, with their labels (lib/prepare-abaw.mjs).
// Progress goes to stderr; the summary JSON to stdout.
import { FaceDataError, log } from './lib/face-runner.mjs';
import { parseCliArgs } from './lib/cli-args.mjs';
import { abawCommand } from './lib/prepare-abaw.mjs';
import { audioCommand } from './lib/prepare-audio.mjs';
import { calibrateCommand, facesCommand } from './lib/prepare-faces.mjs';

function parseCli(argv) {
  const { positional, options } = parseCliArgs(argv);
  return { command: positional[0], inputs: positional.slice(1), options };
}

const USAGE = 'usage: npm run prepare-data -- faces [in.npz …] [--out PREFIX] | audio <folder> [--out PREFIX] | calibrate-faces [in.npz] [--sample 500] | abaw <folder> [--out PREFIX]';

async function main() {
  const { command, inputs, options } = parseCli(process.argv.slice(2));
  let summary;
  if (command === 'faces') summary = await facesCommand(inputs, options);
  else if (command === 'audio') summary = await audioCommand(inputs, options);
  else if (command === 'calibrate-faces') summary = await calibrateCommand(inputs, options);
  else if (command === 'abaw') summary = await abawCommand(inputs, options);
  else throw new FaceDataError(USAGE);
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}

main().catch((error) => {
  log(`prepare-data: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
