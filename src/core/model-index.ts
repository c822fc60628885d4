/**
 * The list of models the app serves (public/models/index.json): which exist, which is the default, and the
 * one a page asks for. Pure; io/assets fetches it.
 */
import { AffectscopeError } from './errors';

export interface ModelIndexEntry {
  id: string;
  name: string;
  trained: boolean;
  /** path of the manifest below /models/, e.g. "<id>/manifest.json" */
  manifest: string;
}

/** The default model: the first trained one in the index, else the first listed. */
export function chooseModel(index: readonly ModelIndexEntry[], requestedId: string | null): ModelIndexEntry | null {
  if (requestedId) return index.find((m) => m.id === requestedId) ?? null;
  return index.find((m) => m.trained) ?? index[0] ?? null;
}

/** chooseModel, or AffectscopeError('model-missing') naming the model that is not there and those that are. */
export function requireModel(index: readonly ModelIndexEntry[], requestedId: string | null): ModelIndexEntry {
  const entry = chooseModel(index, requestedId);
  if (entry) return entry;
  if (requestedId) throw new AffectscopeError('model-missing', `unknown model "${requestedId}"; known: ${index.map((m) => m.id).join(', ')}`);
  throw new AffectscopeError('model-missing', '/models/index.json lists no model.');
}

function describe(value: unknown): string {
  return Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;
}

/** A complete copy of a parsed index.json, or AffectscopeError('model-manifest') "expected …, got …". */
export function validateModelIndex(value: unknown): ModelIndexEntry[] {
  const fail = (where: string, expected: string, got: unknown): never => {
    throw new AffectscopeError('model-manifest', `/models/index.json${where}: expected ${expected}, got ${describe(got)}`);
  };
  if (!Array.isArray(value)) return fail('', 'an array of models', value);
  return value.map((entry: unknown, i) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return fail(`[${i}]`, 'an object', entry);
    const e = entry as Record<string, unknown>;
    for (const key of ['id', 'name', 'manifest'] as const) if (typeof e[key] !== 'string') fail(`[${i}].${key}`, 'a string', e[key]);
    if (typeof e.trained !== 'boolean') fail(`[${i}].trained`, 'a boolean', e.trained);
    return { id: e.id as string, name: e.name as string, trained: e.trained as boolean, manifest: e.manifest as string };
  });
}
