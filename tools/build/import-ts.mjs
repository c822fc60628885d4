// Node 20 has no TypeScript runner, and Vite 8 no esbuild: scripts that need the project's TypeScript bundle it
// with rolldown (shipped with Vite 8) into node_modules/.cache/affectscope/ and import the bundle.
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'rolldown';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Bundles `entry` (a path relative to the repository) and imports it. Each process gets its own bundle file,
 * so two scripts running at once never import each other's half-written bundle. Takes well under a second.
 */
export async function importTypeScript(entry) {
  const name = entry.replace(/\.ts$/, '').replace(/[^a-zA-Z0-9]+/g, '-');
  const outfile = resolve(ROOT, 'node_modules/.cache/affectscope', `${name}-${process.pid}.mjs`);
  await build({ cwd: ROOT, input: resolve(ROOT, entry), platform: 'node', logLevel: 'warn', output: { file: outfile, format: 'esm' } });
  return import(pathToFileURL(outfile).href);
}
