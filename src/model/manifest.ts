import { AffectscopeError } from '../core/errors';
import { readActionUnitThresholds } from '../core/au';
import { readDerivedOutputs, type DerivedOutputs } from '../core/derived-outputs';
import { JsonReader } from '../core/json-reader';
import type { Architecture, AvModelConfig } from './config';
import { ARCHITECTURES, validateAvModelConfig } from './config';
import { elementCount, paramSpec } from './param-spec';
import type { Uint8Quantization } from './quantize';

/** How a tensor is stored: float32, float16, or uint8 with a per-tensor affine map (quantize.ts). */
export type WeightDtype = 'float32' | 'float16' | 'uint8';
export const WEIGHT_DTYPES: readonly WeightDtype[] = ['float32', 'float16', 'uint8'];
export const BYTES_PER_ELEMENT: Record<WeightDtype, number> = { float32: 4, float16: 2, uint8: 1 };

export interface ManifestTensor {
  name: string;
  shape: number[];
  dtype: WeightDtype;
  /** offset of the first element in the weight file, bytes */
  byteOffset: number;
  /** uint8 only (and required there): value = min + scale · q */
  quantization?: Uint8Quantization;
}

/**
 * How the 7 expression logits are made. 'linear': the head's dense layer, as the other 10 outputs.
 * 'cosine': scale · cos(x, w_e) with w_e the head's weight column of expression e, bias unused
 * (a head trained with an ArcFace-style margin, evaluated without the margin).
 */
export type ExpressionHeadSpec = { kind: 'linear' } | { kind: 'cosine'; scale: number };

export interface ModelHeadSpec {
  expression: ExpressionHeadSpec;
}

export interface ManifestWeightFile {
  /** relative to the manifest, no '..' */
  path: string;
  /** lower-case hex SHA-256 of the whole file */
  sha256: string;
  byteLength: number;
  tensors: ManifestTensor[];
}

/** What the network expects from the face and audio pipelines (§3, pre-processing). */
export interface ModelInputSpec {
  face: { cropSizePx: number; range: [number, number]; colorMode: 'rgb' | 'luma3' };
  audio: {
    sampleRateHz: number;
    windowMs: number;
    overlapMs: number;
    fftSize: number;
    freqBins: number;
    contextFrames: number;
    /** dB mapped to -1 */
    minDb: number;
    /** dB mapped to +1 */
    maxDb: number;
  };
}

export interface ModelProvenance {
  data: string;
  licence: string;
  /** metrics on data not used for training; null when there are none (e.g. untrained weights) */
  heldOutMetrics: Record<string, number | string> | null;
  notes: string;
  /** outputs learned from derived targets, with how (see DerivedOutputs) */
  derivedOutputs?: DerivedOutputs;
}

export type { DerivedOutputs };

export interface ActionUnitThresholdSpec {
  /** P(AU) from which each AU is present, ACTION_UNITS order, each in (0, 1) */
  values: number[];
  /** the data and the rule they were chosen by (never the held-out data the card reports on) */
  chosenOn: string;
}

/** A versioned description of one weight set (see STYLE.md §6). */
export interface ModelManifest {
  format: 'affectscope-model';
  version: 1;
  id: string;
  name: string;
  architecture: Architecture;
  config: AvModelConfig;
  input: ModelInputSpec;
  /** false: random weights for testing the pipeline; outputs mean nothing */
  trained: boolean;
  provenance: ModelProvenance;
  /** absent: every output is linear (the expression logits included) */
  head?: ModelHeadSpec;
  /** when each AU output counts as present; absent: from 0.5 (src/core/au/thresholds.ts) */
  actionUnitThresholds?: ActionUnitThresholdSpec;
  weights: ManifestWeightFile[];
}


function readInput(r: JsonReader, value: unknown, config: AvModelConfig): ModelInputSpec {
  const input = r.object(value, 'input');
  const face = r.object(input.face, 'input.face');
  const audio = r.object(input.audio, 'input.audio');
  const range = r.array(face.range, 'input.face.range');
  if (range.length !== 2 || range[0] !== -1 || range[1] !== 1) r.fail('input.face.range', '[-1, 1]', range);
  const cropSizePx = r.count(face.cropSizePx, 'input.face.cropSizePx');
  if (cropSizePx !== config.face.cropSizePx) r.fail('input.face.cropSizePx', `config.face.cropSizePx (${config.face.cropSizePx})`, cropSizePx);
  const spec: ModelInputSpec = {
    face: { cropSizePx, range: [-1, 1], colorMode: r.oneOf(face.colorMode, ['rgb', 'luma3'] as const, 'input.face.colorMode') },
    audio: {
      sampleRateHz: r.number(audio.sampleRateHz, 'input.audio.sampleRateHz'),
      windowMs: r.number(audio.windowMs, 'input.audio.windowMs'),
      overlapMs: r.number(audio.overlapMs, 'input.audio.overlapMs'),
      fftSize: r.count(audio.fftSize, 'input.audio.fftSize'),
      freqBins: r.count(audio.freqBins, 'input.audio.freqBins'),
      contextFrames: r.count(audio.contextFrames, 'input.audio.contextFrames'),
      minDb: r.number(audio.minDb, 'input.audio.minDb'),
      maxDb: r.number(audio.maxDb, 'input.audio.maxDb'),
    },
  };
  const a = spec.audio;
  if (a.sampleRateHz <= 0) r.fail('input.audio.sampleRateHz', 'a positive rate', a.sampleRateHz);
  if (a.overlapMs < 0 || a.overlapMs >= a.windowMs) r.fail('input.audio.overlapMs', `a value in [0, windowMs=${a.windowMs})`, a.overlapMs);
  if (a.minDb >= a.maxDb) r.fail('input.audio.minDb', `less than maxDb (${a.maxDb})`, a.minDb);
  if (a.freqBins !== config.audio.freqBins) r.fail('input.audio.freqBins', `config.audio.freqBins (${config.audio.freqBins})`, a.freqBins);
  if (a.contextFrames !== config.audio.contextFrames) {
    r.fail('input.audio.contextFrames', `config.audio.contextFrames (${config.audio.contextFrames})`, a.contextFrames);
  }
  return spec;
}

function readProvenance(r: JsonReader, value: unknown): ModelProvenance {
  const p = r.object(value, 'provenance');
  let heldOutMetrics: Record<string, number | string> | null = null;
  if (p.heldOutMetrics !== null) {
    const metrics = r.object(p.heldOutMetrics, 'provenance.heldOutMetrics');
    heldOutMetrics = {};
    for (const [key, metric] of Object.entries(metrics)) {
      if (typeof metric !== 'number' && typeof metric !== 'string') r.fail(`provenance.heldOutMetrics.${key}`, 'a number or string', metric);
      heldOutMetrics[key] = metric;
    }
  }
  const notes = p.notes ?? '';
  if (typeof notes !== 'string') r.fail('provenance.notes', 'a string', notes);
  const provenance: ModelProvenance = {
    data: r.nonEmptyString(p.data, 'provenance.data'),
    licence: r.nonEmptyString(p.licence, 'provenance.licence'),
    heldOutMetrics,
    notes,
  };
  if (p.derivedOutputs !== undefined) provenance.derivedOutputs = readDerivedOutputs(r, p.derivedOutputs, 'provenance.derivedOutputs');
  return provenance;
}

function readWeightFile(r: JsonReader, value: unknown, path: string): ManifestWeightFile {
  const file = r.object(value, path);
  const filePath = r.nonEmptyString(file.path, `${path}.path`);
  if (/^[a-z]+:|^\/|\\/i.test(filePath) || filePath.split('/').includes('..')) {
    r.fail(`${path}.path`, 'a relative path inside the model folder', filePath);
  }
  const sha256 = r.nonEmptyString(file.sha256, `${path}.sha256`);
  if (!/^[0-9a-f]{64}$/.test(sha256)) r.fail(`${path}.sha256`, '64 lower-case hex digits', sha256);
  const byteLength = r.count(file.byteLength, `${path}.byteLength`);
  const tensors = r.array(file.tensors, `${path}.tensors`).map((t, i): ManifestTensor => {
    const at = `${path}.tensors[${i}]`;
    const tensor = r.object(t, at);
    const shape = r.array(tensor.shape, `${at}.shape`).map((d, j) => r.count(d, `${at}.shape[${j}]`));
    const entry: ManifestTensor = {
      name: r.nonEmptyString(tensor.name, `${at}.name`),
      shape,
      dtype: r.oneOf(tensor.dtype, WEIGHT_DTYPES, `${at}.dtype`),
      byteOffset: r.count(tensor.byteOffset, `${at}.byteOffset`),
    };
    if (entry.dtype === 'uint8') {
      const q = r.object(tensor.quantization, `${at}.quantization`);
      entry.quantization = { min: r.number(q.min, `${at}.quantization.min`), scale: r.nonNegative(q.scale, `${at}.quantization.scale`) };
    } else if (tensor.quantization !== undefined) {
      r.fail(`${at}.quantization`, `none for dtype ${entry.dtype}`, tensor.quantization);
    }
    const end = entry.byteOffset + elementCount(shape) * BYTES_PER_ELEMENT[entry.dtype];
    if (end > byteLength) r.fail(`${at}`, `to end within byteLength ${byteLength}`, `end at byte ${end}`);
    return entry;
  });
  return { path: filePath, sha256, byteLength, tensors };
}

function readHead(r: JsonReader, value: unknown): ModelHeadSpec {
  const head = r.object(value, 'head');
  const expression = r.object(head.expression, 'head.expression');
  const kind = r.oneOf(expression.kind, ['linear', 'cosine'] as const, 'head.expression.kind');
  if (kind === 'linear') return { expression: { kind } };
  const scale = r.number(expression.scale, 'head.expression.scale');
  if (scale <= 0) r.fail('head.expression.scale', 'a positive number', scale);
  return { expression: { kind, scale } };
}

/** Every tensor of paramSpec(architecture, config) must appear exactly once, with its shape. */
function checkAgainstSpec(r: JsonReader, manifest: Pick<ModelManifest, 'architecture' | 'config' | 'weights'>): void {
  const found = new Map<string, ManifestTensor>();
  for (const file of manifest.weights) {
    for (const tensor of file.tensors) {
      if (found.has(tensor.name)) r.fail(`weights tensor '${tensor.name}'`, 'each tensor once', 'a duplicate');
      found.set(tensor.name, tensor);
    }
  }
  const spec = paramSpec(manifest.architecture, manifest.config);
  for (const entry of spec) {
    const tensor = found.get(entry.name);
    if (!tensor) r.fail(`weights`, `a tensor '${entry.name}' for ${manifest.architecture}`, 'none');
    if (tensor.shape.join(',') !== entry.shape.join(',')) {
      r.fail(`weights tensor '${entry.name}'.shape`, `[${entry.shape.join(', ')}]`, tensor.shape);
    }
    found.delete(entry.name);
  }
  if (found.size > 0) r.fail('weights', `only tensors of ${manifest.architecture}`, [...found.keys()].slice(0, 3));
}

/** Type guard for a parsed manifest.json; throws AffectscopeError('model-manifest') "expected …, got …". */
export function validateManifest(json: unknown): ModelManifest {
  const r: JsonReader = new JsonReader('model-manifest', 'model manifest');
  const m = r.object(json, 'manifest');
  if (m.format !== 'affectscope-model') r.fail('format', "'affectscope-model'", m.format);
  if (m.version !== 1) r.fail('version', '1 (the only version this app reads)', m.version);
  const architecture = r.oneOf(m.architecture, ARCHITECTURES, 'architecture');
  let config: AvModelConfig;
  try {
    config = validateAvModelConfig(r.object(m.config, 'config'));
  } catch (error) {
    throw new AffectscopeError('model-manifest', `model manifest: config: ${(error as Error).message}`, { cause: error });
  }
  const trained = m.trained;
  if (typeof trained !== 'boolean') r.fail('trained', 'true or false', trained);
  const manifest: ModelManifest = {
    format: 'affectscope-model',
    version: 1,
    id: r.nonEmptyString(m.id, 'id'),
    name: r.nonEmptyString(m.name, 'name'),
    architecture,
    config,
    input: readInput(r, m.input, config),
    trained,
    provenance: readProvenance(r, m.provenance),
    weights: r.array(m.weights, 'weights').map((file, i) => readWeightFile(r, file, `weights[${i}]`)),
  };
  if (m.head !== undefined) manifest.head = readHead(r, m.head);
  if (m.actionUnitThresholds !== undefined) {
    const t = r.object(m.actionUnitThresholds, 'actionUnitThresholds');
    manifest.actionUnitThresholds = {
      values: readActionUnitThresholds(r, t.values, 'actionUnitThresholds.values'),
      chosenOn: r.nonEmptyString(t.chosenOn, 'actionUnitThresholds.chosenOn'),
    };
  }
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(manifest.id)) r.fail('id', 'lower-case letters, digits, ".", "_" or "-"', manifest.id);
  checkAgainstSpec(r, manifest);
  return manifest;
}
