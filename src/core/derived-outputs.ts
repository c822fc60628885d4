import type { JsonReader } from './json-reader';

/**
 * Outputs trained on targets derived from other labels rather than annotated ones (e.g. AUs from
 * expression → AU priors), each with how they were derived; absent or empty = every output had real labels.
 * A model manifest's provenance carries them, and so does every session those weights produced.
 */
export interface DerivedOutputs {
  actionUnits?: string;
  valenceArousal?: string;
}

/** Reads a DerivedOutputs object at `path`; an unknown output or an empty note fails with the path. */
export function readDerivedOutputs(r: JsonReader, value: unknown, path: string): DerivedOutputs {
  const derived: DerivedOutputs = {};
  for (const [key, text] of Object.entries(r.object(value, path))) {
    if (key !== 'actionUnits' && key !== 'valenceArousal') r.fail(`${path}.${key}`, "'actionUnits' or 'valenceArousal'", key);
    derived[key] = r.nonEmptyString(text, `${path}.${key}`);
  }
  return derived;
}
