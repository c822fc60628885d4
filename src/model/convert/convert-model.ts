/**
 * A PyTorch safetensors export → this app's model folder (manifest.json + weight shards with sha256s).
 * Pure apart from hashing: the CLI (tools/weights/convert-weights.ts) reads and writes the files.
 */
import { AffectscopeError } from '../../core/errors';
import type { Architecture, AvModelConfig } from '../config';
import { ARCHITECTURES, validateAvModelConfig } from '../config';
import { encodeWeightShards, encodeWeights } from '../encode-weights';
import { defaultInputSpec } from '../input-spec';
import { decodeTensor } from '../loader';
import type { ExpressionHeadSpec, ModelInputSpec, ModelManifest, ModelProvenance, WeightDtype } from '../manifest';
import { validateManifest, WEIGHT_DTYPES } from '../manifest';
import { paramSpec, parameterCount } from '../param-spec';
import { convertPyTorchState } from './pytorch-names';
import { readSafetensors } from './safetensors';

/** What the export's `__metadata__` may carry (every value a JSON string but `architecture`); flags override it. */
export interface ExportMetadata {
  config?: AvModelConfig;
  architecture?: Architecture;
  provenance?: ModelProvenance;
  expressionHead?: ExpressionHeadSpec;
}

export interface ConvertOptions {
  id: string;
  /** default: the id */
  name?: string;
  dtype: WeightDtype;
  /** `trained: false` in the manifest (and a placeholder provenance when none is given) */
  untrained?: boolean;
  /** override the export's metadata */
  overrides?: ExportMetadata;
  /** default 'luma3': BT.601 luma in all 3 channels, as the training crops */
  colorMode?: ModelInputSpec['face']['colorMode'];
  /** default 4 MiB */
  shardBytes?: number;
}

export interface DtypeError {
  /** largest |decoded − original| over every weight */
  maxAbsError: number;
  /** the tensor where it occurs */
  tensor: string;
}

export interface ConvertedModel {
  manifest: ModelManifest;
  /** paths relative to the model folder */
  files: Array<{ path: string; bytes: Uint8Array }>;
  parameterCount: number;
  /** round-trip error of each storage option, for choosing one */
  errors: Record<WeightDtype, DtypeError>;
}

export const DEFAULT_SHARD_BYTES = 4 * 2 ** 20;

function fail(message: string): never {
  throw new AffectscopeError('invalid-options', `convert-weights: ${message}`);
}

function parseJson(key: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    fail(`metadata '${key}': expected JSON, got ${(error as Error).message}`);
  }
}

/** Reads and checks an expression-head spec: {"kind": "linear"} or {"kind": "cosine", "scale": s > 0}. */
export function readExpressionHead(value: unknown, what = 'expressionHead'): ExpressionHeadSpec {
  const head = value as { kind?: unknown; scale?: unknown } | null;
  if (head?.kind === 'linear') return { kind: 'linear' };
  if (head?.kind === 'cosine' && typeof head.scale === 'number' && Number.isFinite(head.scale) && head.scale > 0) return { kind: 'cosine', scale: head.scale };
  fail(`${what}: expected {"kind":"linear"} or {"kind":"cosine","scale":s} with s > 0, got ${JSON.stringify(value)}`);
}

/** The export's `__metadata__` strings → typed fields (config checked as AvModelConfig). */
export function readExportMetadata(metadata: Readonly<Record<string, string>>): ExportMetadata {
  const out: ExportMetadata = {};
  if (metadata.config !== undefined) out.config = validateAvModelConfig(parseJson('config', metadata.config) as object);
  if (metadata.architecture !== undefined) {
    if (!ARCHITECTURES.includes(metadata.architecture as Architecture)) fail(`metadata 'architecture': expected one of ${ARCHITECTURES.join(', ')}, got ${JSON.stringify(metadata.architecture)}`);
    out.architecture = metadata.architecture as Architecture;
  }
  if (metadata.provenance !== undefined) out.provenance = parseJson('provenance', metadata.provenance) as ModelProvenance;
  if (metadata.expressionHead !== undefined) out.expressionHead = readExpressionHead(parseJson('expressionHead', metadata.expressionHead));
  return out;
}

const UNTRAINED_PROVENANCE: ModelProvenance = {
  data: 'none',
  licence: 'Apache-2.0',
  heldOutMetrics: null,
  notes: 'untrained: converted from a PyTorch export that was not trained; outputs are not predictions of affect',
};

/** Largest round-trip error of storing `weights` as `dtype` (what the loader will decode). */
async function roundTripError(spec: ReturnType<typeof paramSpec>, weights: ReadonlyMap<string, Float32Array>, dtype: WeightDtype): Promise<DtypeError> {
  const { bytes, entry } = await encodeWeights(spec, weights, { path: 'x', dtype });
  const worst: DtypeError = { maxAbsError: 0, tensor: spec[0]?.name ?? '' };
  for (const tensor of entry.tensors) {
    const decoded = decodeTensor(bytes, tensor);
    const original = weights.get(tensor.name)!;
    for (let i = 0; i < original.length; i++) {
      const error = Math.abs(decoded[i] - original[i]);
      if (error > worst.maxAbsError) {
        worst.maxAbsError = error;
        worst.tensor = tensor.name;
      }
    }
  }
  return worst;
}

/** `safetensorsBytes` (a PyTorch export of model.py's network) → the model folder's files. */
export async function convertSafetensors(safetensorsBytes: Uint8Array, options: ConvertOptions, what = 'safetensors file'): Promise<ConvertedModel> {
  const file = readSafetensors(safetensorsBytes, what);
  const overrides = Object.fromEntries(Object.entries(options.overrides ?? {}).filter(([, value]) => value !== undefined));
  const meta: ExportMetadata = { ...readExportMetadata(file.metadata), ...overrides };
  if (!meta.config) fail(`${what}: no model config (metadata 'config' = JSON of Config.to_manifest(), or --config)`);
  const architecture = meta.architecture ?? fail(`${what}: no architecture (metadata 'architecture', or --architecture)`);
  const config = meta.config;
  const spec = paramSpec(architecture, config);
  const weights = convertPyTorchState(file.tensors, architecture, config);
  const provenance = meta.provenance ?? (options.untrained ? UNTRAINED_PROVENANCE : fail(`${what}: no provenance for a trained model (metadata 'provenance', or --provenance FILE, or --untrained)`));
  const shards = await encodeWeightShards(spec, weights, { dtype: options.dtype, shardBytes: options.shardBytes ?? DEFAULT_SHARD_BYTES });
  const manifest: ModelManifest = {
    format: 'affectscope-model',
    version: 1,
    id: options.id,
    name: options.name ?? options.id,
    architecture,
    config,
    input: defaultInputSpec(config, options.colorMode ?? 'luma3'),
    trained: !options.untrained,
    provenance,
    // Absent = linear, so a linear model's manifest reads as every manifest before cosine heads existed.
    ...(meta.expressionHead?.kind === 'cosine' ? { head: { expression: meta.expressionHead } } : {}),
    weights: shards.map((shard) => shard.entry),
  };
  // Never write a manifest the app would refuse (this also checks the provenance and the id).
  validateManifest(JSON.parse(JSON.stringify(manifest)));
  const errors = {} as Record<WeightDtype, DtypeError>;
  for (const dtype of WEIGHT_DTYPES) errors[dtype] = await roundTripError(spec, weights, dtype);
  return {
    manifest,
    files: shards.map((shard) => ({ path: shard.entry.path, bytes: shard.bytes })),
    parameterCount: parameterCount(spec),
    errors,
  };
}
