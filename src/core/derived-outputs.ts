import type { JsonReader } from './json-reader';

/** The outputs that may be learned from something other than human labels. */
export type NonLabelOutput = 'actionUnits' | 'valenceArousal';
const NON_LABEL_OUTPUTS: readonly NonLabelOutput[] = ['actionUnits', 'valenceArousal'];

/**
 * Outputs not learned from human labels, each with how its targets were made; absent or empty = every output had
 * human labels. An output named in `measured` was trained on another model's measurement of the same face (e.g.
 * AUs from MediaPipe's blendshapes); any other is a derived target (e.g. AUs from expression → AU priors, a
 * valence/arousal point per expression). A model manifest's provenance carries them, and so does every session those
 * weights produced (sessions from before `measured` existed have only derived targets).
 */
export interface DerivedOutputs {
  actionUnits?: string;
  valenceArousal?: string;
  /** outputs whose targets were measured by another model rather than derived */
  measured?: NonLabelOutput[];
}

/** Where an output's training targets came from: human labels, another model's measurement, or derived. */
export type OutputOrigin = 'labels' | 'measured' | 'derived';

/** How the page names an origin other than human labels: the short tag, and the sentence that explains it. */
export const ORIGIN_WORDS: Readonly<Record<Exclude<OutputOrigin, 'labels'>, { tag: string; sentence: string }>> = {
  measured: { tag: 'measured targets', sentence: "trained on another model's measurement, not annotated labels." },
  derived: { tag: 'derived targets', sentence: 'derived targets, not annotated labels.' },
};

export function outputOrigin(outputs: DerivedOutputs, output: NonLabelOutput): OutputOrigin {
  if (!outputs[output]) return 'labels';
  return outputs.measured?.includes(output) ? 'measured' : 'derived';
}

/** Reads a DerivedOutputs object at `path`; an unknown output, an empty note or a measured output without its note fails with the path. */
export function readDerivedOutputs(r: JsonReader, value: unknown, path: string): DerivedOutputs {
  const derived: DerivedOutputs = {};
  const object = r.object(value, path);
  for (const [key, text] of Object.entries(object)) {
    if (key === 'measured') continue;
    if (key !== 'actionUnits' && key !== 'valenceArousal') r.fail(`${path}.${key}`, "'actionUnits', 'valenceArousal' or 'measured'", key);
    derived[key] = r.nonEmptyString(text, `${path}.${key}`);
  }
  if (object.measured !== undefined) {
    derived.measured = r.array(object.measured, `${path}.measured`).map((output, i) => {
      const name = r.oneOf(output, NON_LABEL_OUTPUTS, `${path}.measured[${i}]`);
      if (!derived[name]) r.fail(`${path}.measured[${i}]`, `an output described in ${path}`, name);
      return name;
    });
  }
  return derived;
}
