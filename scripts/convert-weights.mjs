// Runs scripts/convert-weights.ts without a TypeScript runner (see lib/import-ts.mjs). Arguments pass through.
// No chdir: the input and --out paths are relative to where the command was started.
import { importTypeScript } from './lib/import-ts.mjs';

await importTypeScript('scripts/convert-weights.ts');
