import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ABAW_EXPRESSIONS, BASELINE_MODELS, nativeToAbawIndex, predictAbaw, toAbawOrder } from './baselines.mjs';
import { createBaseline, loadTfjs, readModelFiles, type Tfjs } from './baselines-models.mjs';
import { parseNpz } from './npy.mjs';

const FER_PUBLIC_TEST = fileURLToPath(new URL('../../../../shared/data/fer2013/fer2013_PublicTest.npz', import.meta.url));
const haveData = existsSync(FER_PUBLIC_TEST);
const FACES_PER_CLASS = 12;

describe('baseline model files', () => {
  it('are installed and match the pinned sha256', () => {
    for (const spec of BASELINE_MODELS) {
      const files = readModelFiles(spec);
      expect(files.files.map((f) => f.sha256)).toEqual(spec.files.map((f) => f.sha256));
    }
  });

  it('refuses a file whose sha256 differs', () => {
    const spec = BASELINE_MODELS[0];
    const altered = { ...spec, files: [{ ...spec.files[0], sha256: '0'.repeat(64) }, spec.files[1]] };
    expect(() => readModelFiles(altered)).toThrow(/expected sha256 0{64}/);
  });
});

describe.skipIf(!haveData)(`baselines on FER2013 PublicTest faces (needs ${FER_PUBLIC_TEST})`, () => {
  let tfjs: Tfjs;
  /** The first FACES_PER_CLASS faces of each ABAW class, gray 48×48. */
  let facesByClass: Map<number, Uint8Array[]>;
  let sizePx: number;

  beforeAll(async () => {
    tfjs = await loadTfjs('wasm');
    const { images, labels } = parseNpz(new Uint8Array(readFileSync(FER_PUBLIC_TEST)));
    sizePx = images.shape[1];
    const pixels = images.data as Uint8Array;
    facesByClass = new Map();
    Array.from(labels.data as Int8Array).forEach((label, i) => {
      const faces = facesByClass.get(label) ?? [];
      if (faces.length < FACES_PER_CLASS) faces.push(pixels.subarray(i * sizePx * sizePx, (i + 1) * sizePx * sizePx));
      facesByClass.set(label, faces);
    });
  });

  afterAll(() => tfjs?.tf.disposeVariables());

  // A wrong label mapping permutes classes; three classes both models know well pin it down.
  for (const spec of BASELINE_MODELS) {
    it(`${spec.id}: on Happiness, Surprise and Neutral faces the true class wins, and no tensor leaks`, async () => {
      const tensorsBefore = tfjs.tf.memory().numTensors;
      const baseline = await createBaseline(spec.id, tfjs);
      const mapping = nativeToAbawIndex(spec.nativeLabels);
      for (const name of ['Happiness', 'Surprise', 'Neutral'] as const) {
        const abaw = ABAW_EXPRESSIONS.indexOf(name);
        const votes = new Array(7).fill(0);
        const meanProbability = new Array(7).fill(0);
        for (const face of facesByClass.get(abaw)!) {
          const probabilities = await baseline.predict(face, sizePx);
          expect(probabilities).toHaveLength(7);
          votes[predictAbaw(probabilities, mapping)]++;
          toAbawOrder(probabilities, mapping).forEach((p, c) => (meanProbability[c] += p / FACES_PER_CLASS));
        }
        expect(ABAW_EXPRESSIONS[votes.indexOf(Math.max(...votes))], `${name} votes ${votes}`).toBe(name);
        expect(votes[abaw], `${name} votes ${votes}`).toBeGreaterThanOrEqual(5); // of 12; chance ≈ 2
        expect(ABAW_EXPRESSIONS[meanProbability.indexOf(Math.max(...meanProbability))]).toBe(name);
      }
      baseline.dispose();
      expect(tfjs.tf.memory().numTensors).toBe(tensorsBefore);
    });
  }
});
