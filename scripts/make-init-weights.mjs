// Runs scripts/make-init-weights.ts without a TypeScript runner: bundles it with rolldown (shipped with
// Vite 8, which has no esbuild) into .cache/, then imports the bundle. Arguments pass through.
import { build } from 'rolldown';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = resolve(root, 'node_modules/.cache/affectscope/make-init-weights.mjs');

await build({
  cwd: root,
  input: resolve(root, 'scripts/make-init-weights.ts'),
  platform: 'node',
  logLevel: 'warn',
  output: { file: outfile, format: 'esm' },
});
process.chdir(root);
await import(pathToFileURL(outfile).href);
