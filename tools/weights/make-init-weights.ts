/**
 * Writes UNTRAINED A/V-MT-VGG-RNN weight sets (deterministic random initialisation) to public/models/<id>/
 * and lists them in public/models/index.json, so the whole pipeline can run before a trained model exists.
 * Run: node tools/weights/make-init-weights.mjs [--full] [--seed N] [--out DIR]
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AvModelConfig } from '../../src/model/config';
import { FULL_AV_MODEL_CONFIG, LITE_AV_MODEL_CONFIG } from '../../src/model/config';
import { encodeWeights } from '../../src/model/encode-weights';
import { initWeights } from '../../src/model/init-weights';
import { defaultInputSpec } from '../../src/model/input-spec';
import type { ModelManifest } from '../../src/model/manifest';
import { validateManifest } from '../../src/model/manifest';
import { paramSpec, parameterCount } from '../../src/model/param-spec';

interface InitModel {
  id: string;
  name: string;
  config: AvModelConfig;
}

const LITE: InitModel = { id: 'av-mt-vgg-rnn-lite-init', name: 'A/V-MT-VGG-RNN lite (untrained, for testing)', config: LITE_AV_MODEL_CONFIG };
const FULL: InitModel = { id: 'av-mt-vgg-rnn-full-init', name: 'A/V-MT-VGG-RNN full size (untrained, for testing)', config: FULL_AV_MODEL_CONFIG };

/** An entry of public/models/index.json, as src/app/settings.ts reads it. */
interface ModelIndexEntry {
  id: string;
  name: string;
  trained: boolean;
  /** relative to public/models/ */
  manifest: string;
}

function parseArgs(argv: string[]): { full: boolean; seed: number; outDir: string } {
  const options = { full: false, seed: 1, outDir: 'public/models' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--full') options.full = true;
    else if (arg === '--seed') options.seed = Number(argv[++i]);
    else if (arg === '--out') options.outDir = argv[++i];
    else throw new Error(`make-init-weights: unknown argument ${arg} (expected --full, --seed N, --out DIR)`);
  }
  if (!Number.isInteger(options.seed) || options.seed < 0) throw new Error(`make-init-weights: --seed: expected a non-negative integer, got ${options.seed}`);
  return options;
}

async function writeModel(model: InitModel, seed: number, outDir: string): Promise<ModelIndexEntry> {
  const architecture = 'av-mt-vgg-rnn' as const;
  const spec = paramSpec(architecture, model.config);
  const weightsFile = 'weights.bin';
  const { bytes, entry } = await encodeWeights(spec, initWeights(spec, seed), { path: weightsFile, dtype: 'float16' });
  const manifest: ModelManifest = {
    format: 'affectscope-model',
    version: 1,
    id: model.id,
    name: model.name,
    architecture,
    config: model.config,
    input: defaultInputSpec(model.config, 'rgb'),
    trained: false,
    provenance: {
      data: 'none',
      licence: 'Apache-2.0',
      heldOutMetrics: null,
      notes: `untrained: deterministic random initialisation (seed ${seed}) for testing the pipeline; outputs are not predictions of affect`,
    },
    weights: [entry],
  };
  validateManifest(JSON.parse(JSON.stringify(manifest))); // never write a manifest the app would refuse
  const dir = join(outDir, model.id);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, weightsFile), bytes);
  await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const megabytes = (bytes.byteLength / 2 ** 20).toFixed(1);
  console.log(`make-init-weights: ${join(dir, 'manifest.json')} (${parameterCount(spec)} parameters, ${megabytes} MiB float16, sha256 ${entry.sha256.slice(0, 12)}…)`);
  return { id: model.id, name: model.name, trained: false, manifest: `${model.id}/manifest.json` };
}

/** Adds or replaces entries by id, keeping every other model (e.g. trained ones) where it was. */
async function updateIndex(outDir: string, entries: ModelIndexEntry[]): Promise<void> {
  const path = join(outDir, 'index.json');
  const index: ModelIndexEntry[] = existsSync(path) ? JSON.parse(await readFile(path, 'utf8')) : [];
  if (!Array.isArray(index)) throw new Error(`make-init-weights: ${path}: expected a JSON array, got ${typeof index}`);
  for (const entry of entries) {
    const at = index.findIndex((e) => e.id === entry.id);
    if (at >= 0) index[at] = entry;
    else index.push(entry);
  }
  await writeFile(path, `${JSON.stringify(index, null, 2)}\n`);
  console.log(`make-init-weights: ${path} lists ${index.map((e) => e.id).join(', ')}`);
}

async function main(): Promise<void> {
  const { full, seed, outDir } = parseArgs(process.argv.slice(2));
  const dir = resolve(outDir);
  const entries = [await writeModel(LITE, seed, dir)];
  if (full) entries.push(await writeModel(FULL, seed, dir));
  await updateIndex(dir, entries);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
