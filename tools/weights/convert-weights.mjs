// Runs tools/weights/convert-weights.ts without a TypeScript runner (see lib/import-ts.mjs). Arguments pass through.
// No chdir: the input and --out paths are relative to where the command was started.
import { importTypeScript } from '../build/import-ts.mjs';

await importTypeScript('tools/weights/convert-weights.ts');
