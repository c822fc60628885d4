// Runs scripts/make-init-weights.ts without a TypeScript runner (see lib/import-ts.mjs). Arguments pass through.
import { importTypeScript, ROOT } from './lib/import-ts.mjs';

process.chdir(ROOT);
await importTypeScript('scripts/make-init-weights.ts');
