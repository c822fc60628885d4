// Runs scripts/convert-weights.ts without a TypeScript runner: bundles it with rolldown (shipped with
// Vite 8, which has no esbuild) into .cache/, then imports the bundle. Arguments pass through.
import { build } from 'rolldown';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = resolve(root, 'node_modules/.cache/affectscope/convert-weights.mjs');

await build({
  cwd: root,
  input: resolve(root, 'scripts/convert-weights.ts'),
  platform: 'node',
  logLevel: 'warn',
  output: { file: outfile, format: 'esm' },
});
// No chdir: the input and --out paths are relative to where the command was started.
await import(pathToFileURL(outfile).href);
