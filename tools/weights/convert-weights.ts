/**
 * Converts a PyTorch export (safetensors, from training/affectscope_train) into an app model folder:
 * manifest.json + weight shards (~4 MiB each) with sha256s, and lists it in <out>/../index.json when there is one.
 * Run: npm run convert-weights -- IN.safetensors --id ID --out public/models/ID [--dtype float32|float16|uint8]
 *      [--name NAME] [--provenance provenance.json] [--architecture A] [--config config.json]
 *      [--expression-head linear|cosine:SCALE] [--color-mode luma3|rgb] [--untrained] [--shard-mib N]
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { errorMessage } from '../../src/core/errors';
import type { Architecture } from '../../src/model/config';
import { ARCHITECTURES, validateAvModelConfig } from '../../src/model/config';
import type { ConvertOptions, ExportMetadata } from '../../src/model/convert/convert-model';
import { convertSafetensors, readExpressionHead } from '../../src/model/convert/convert-model';
import type { ModelProvenance, WeightDtype } from '../../src/model/manifest';
import { WEIGHT_DTYPES } from '../../src/model/manifest';
import { buildModelsIndex } from '../build/models-index.mjs';

const USAGE = 'usage: convert-weights IN.safetensors --id ID --out DIR [--dtype float32|float16|uint8] [--name NAME] [--provenance FILE.json] [--architecture A] [--config FILE.json] [--expression-head linear|cosine:SCALE] [--color-mode luma3|rgb] [--untrained] [--shard-mib N]';

interface CliArgs {
  input: string;
  outDir: string;
  options: ConvertOptions;
}

function usage(message: string): never {
  throw new Error(`convert-weights: ${message}\n${USAGE}`);
}

async function readJsonFile(path: string, flag: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    usage(`${flag} ${path}: ${errorMessage(error)}`);
  }
}

async function parseArgs(argv: string[]): Promise<CliArgs> {
  const values = new Map<string, string>();
  const positional: string[] = [];
  let untrained = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--untrained') untrained = true;
    else if (arg.startsWith('--')) {
      if (i + 1 >= argv.length) usage(`${arg}: expected a value`);
      values.set(arg, argv[++i]);
    } else positional.push(arg);
  }
  const known = ['--id', '--out', '--dtype', '--name', '--provenance', '--architecture', '--config', '--expression-head', '--color-mode', '--shard-mib'];
  for (const flag of values.keys()) if (!known.includes(flag)) usage(`unknown option ${flag}`);
  if (positional.length !== 1) usage(`expected one input .safetensors file, got ${positional.length}`);
  const id = values.get('--id') ?? usage('--id is required');
  const outDir = values.get('--out') ?? usage('--out is required');
  const dtype = (values.get('--dtype') ?? 'float16') as WeightDtype;
  if (!WEIGHT_DTYPES.includes(dtype)) usage(`--dtype: expected one of ${WEIGHT_DTYPES.join(', ')}, got ${dtype}`);
  const colorMode = values.get('--color-mode') ?? 'luma3';
  if (colorMode !== 'luma3' && colorMode !== 'rgb') usage(`--color-mode: expected luma3 or rgb, got ${colorMode}`);
  const overrides: ExportMetadata = {};
  const architecture = values.get('--architecture');
  if (architecture !== undefined) {
    if (!ARCHITECTURES.includes(architecture as Architecture)) usage(`--architecture: expected one of ${ARCHITECTURES.join(', ')}, got ${architecture}`);
    overrides.architecture = architecture as Architecture;
  }
  const configPath = values.get('--config');
  if (configPath !== undefined) overrides.config = validateAvModelConfig((await readJsonFile(configPath, '--config')) as object);
  const provenancePath = values.get('--provenance');
  if (provenancePath !== undefined) overrides.provenance = (await readJsonFile(provenancePath, '--provenance')) as ModelProvenance;
  const head = values.get('--expression-head');
  if (head !== undefined) {
    const [kind, scale] = head.split(':');
    overrides.expressionHead = readExpressionHead(kind === 'cosine' ? { kind, scale: Number(scale) } : { kind }, '--expression-head');
  }
  const shardMib = Number(values.get('--shard-mib') ?? 4);
  if (!(shardMib > 0)) usage(`--shard-mib: expected a positive number, got ${values.get('--shard-mib')}`);
  return {
    input: positional[0],
    outDir,
    options: { id, name: values.get('--name'), dtype, untrained, overrides, colorMode, shardBytes: shardMib * 2 ** 20 },
  };
}

/** Removes weight files of an earlier conversion that the new manifest does not list. */
async function removeStaleShards(dir: string, keep: Set<string>): Promise<void> {
  for (const name of await readdir(dir)) {
    if (/^weights(-\d+-of-\d+)?\.bin$/.test(name) && !keep.has(name)) await rm(join(dir, name));
  }
}

async function main(): Promise<void> {
  const { input, outDir, options } = await parseArgs(process.argv.slice(2));
  const dir = resolve(outDir);
  if (basename(dir) !== options.id) usage(`--out must end in the model id (${options.id}), got ${outDir}`);
  const converted = await convertSafetensors(new Uint8Array(await readFile(input)), options, input);
  await mkdir(dir, { recursive: true });
  for (const file of converted.files) await writeFile(join(dir, file.path), file.bytes);
  await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(converted.manifest, null, 2)}\n`);
  await removeStaleShards(dir, new Set(converted.files.map((f) => f.path)));
  const { manifest } = converted;
  const mib = (converted.files.reduce((sum, f) => sum + f.bytes.byteLength, 0) / 2 ** 20).toFixed(2);
  const head = manifest.head ? `cosine expression head (scale ${manifest.head.expression.kind === 'cosine' ? manifest.head.expression.scale : ''})` : 'linear head';
  console.log(`convert-weights: ${join(dir, 'manifest.json')}: ${manifest.architecture}, ${converted.parameterCount} parameters, ${head}, ${options.dtype}, ${converted.files.length} file(s), ${mib} MiB, trained: ${manifest.trained}`);
  for (const dtype of WEIGHT_DTYPES) {
    const { maxAbsError, tensor } = converted.errors[dtype];
    const where = maxAbsError > 0 ? ` (${tensor})` : '';
    console.log(`  ${dtype === options.dtype ? '*' : ' '} ${dtype.padEnd(7)} max |weight error| ${maxAbsError.toExponential(2)}${where}`);
  }
  const indexPath = join(dirname(dir), 'index.json');
  if (existsSync(indexPath)) {
    await writeFile(indexPath, `${JSON.stringify(buildModelsIndex(dirname(dir)), null, 2)}\n`);
    console.log(`convert-weights: ${indexPath} updated`);
  }
}

main().catch((error: unknown) => {
  console.error(errorMessage(error));
  process.exit(1);
});
