// Runs tools/weights/make-init-weights.ts without a TypeScript runner (see lib/import-ts.mjs). Arguments pass through.
import { importTypeScript, ROOT } from '../build/import-ts.mjs';

process.chdir(ROOT);
await importTypeScript('tools/weights/make-init-weights.ts');
