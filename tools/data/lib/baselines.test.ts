import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPRESSIONS } from '../../../src/core/labels';
import * as metrics from '../../../src/core/metrics';
import {
  ABAW_EXPRESSIONS,
  BASELINE_MODELS,
  evenlySpaced,
  nativeToAbawIndex,
  parseCompareBaselinesArgs,
  predictAbaw,
  scoreAbaw,
  toAbawOrder,
} from './baselines.mjs';
import { findPackageDir } from './baselines-models.mjs';

const spec = (id: string) => BASELINE_MODELS.find((m) => m.id === id)!;
const packageDir = (name: string) => findPackageDir(name) ?? `(${name} not installed)`;

describe('label mapping onto ABAW', () => {
  it('uses the order of src/core/labels', () => {
    expect([...ABAW_EXPRESSIONS]).toEqual([...EXPRESSIONS]);
  });

  it('maps human emotion (FER2013 order: angry, disgust, fear, happy, sad, surprise, neutral)', () => {
    expect(nativeToAbawIndex(spec('human-emotion').nativeLabels)).toEqual([1, 2, 3, 4, 5, 6, 0]);
  });

  it('maps face-api (neutral, happy, sad, angry, fearful, disgusted, surprised)', () => {
    expect(nativeToAbawIndex(spec('face-api-expression').nativeLabels)).toEqual([0, 4, 5, 1, 3, 2, 6]);
  });

  it('moves each native one-hot to the ABAW class of the same name', () => {
    const names: Record<string, string> = {
      angry: 'Anger', disgust: 'Disgust', disgusted: 'Disgust', fear: 'Fear', fearful: 'Fear', happy: 'Happiness',
      sad: 'Sadness', surprise: 'Surprise', surprised: 'Surprise', neutral: 'Neutral',
    };
    for (const model of BASELINE_MODELS) {
      const mapping = nativeToAbawIndex(model.nativeLabels);
      model.nativeLabels.forEach((label, i) => {
        const oneHot = model.nativeLabels.map((_, j) => (j === i ? 0.9 : 0.1 / 6));
        const abaw = toAbawOrder(oneHot, mapping);
        expect(ABAW_EXPRESSIONS[abaw.indexOf(0.9)]).toBe(names[label]);
        expect(ABAW_EXPRESSIONS[predictAbaw(oneHot, mapping)]).toBe(names[label]);
        expect(abaw.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      });
    }
  });

  it('refuses unknown, repeated or missing labels', () => {
    expect(() => nativeToAbawIndex(['neutral', 'happy', 'sad', 'angry', 'fearful', 'disgusted', 'contempt'])).toThrow(/"contempt"/);
    expect(() => nativeToAbawIndex(['neutral', 'happy', 'sad', 'angry', 'fear', 'fearful', 'surprised'])).toThrow(/once/);
    expect(() => nativeToAbawIndex(['neutral', 'happy'])).toThrow(/expected 7/);
    expect(() => toAbawOrder([1, 0], [0, 1, 2])).toThrow(/expected 3 probabilities/);
  });

  it('breaks a tie by the first native class', () => {
    expect(predictAbaw([0.4, 0.4, 0.2, 0, 0, 0, 0], nativeToAbawIndex(spec('face-api-expression').nativeLabels))).toBe(0);
  });
});

describe('native label orders, read from the installed packages', () => {
  it('human: the single-channel (oarriaga) branch of src/gear/emotion.ts', () => {
    const source = readFileSync(join(packageDir('@vladmandic/human'), 'src/gear/emotion.ts'), 'utf8');
    const list = /if \(!rgb\) annotations = \[([^\]]+)\]/.exec(source)?.[1];
    expect(list?.split(',').map((s) => s.trim().replace(/'/g, ''))).toEqual([...spec('human-emotion').nativeLabels]);
  });

  it('face-api: FACE_EXPRESSION_LABELS in src/faceExpressionNet/FaceExpressions.ts', () => {
    const source = readFileSync(join(packageDir('@vladmandic/face-api'), 'src/faceExpressionNet/FaceExpressions.ts'), 'utf8');
    const list = /FACE_EXPRESSION_LABELS = \[([^\]]+)\]/.exec(source)?.[1];
    expect(list?.split(',').map((s) => s.trim().replace(/'/g, ''))).toEqual([...spec('face-api-expression').nativeLabels]);
  });
});

describe('options and scoring', () => {
  it('spreads a limit over a class-sorted file', () => {
    expect(evenlySpaced(10, 0)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(evenlySpaced(10, 4)).toEqual([0, 2, 5, 7]);
    expect(evenlySpaced(3, 10)).toEqual([0, 1, 2]);
  });

  it('parses arguments and refuses bad ones', () => {
    expect(parseCompareBaselinesArgs(['--limit=20', '--models', 'face-api-expression'])).toMatchObject({ limit: 20, models: ['face-api-expression'], backend: 'wasm' });
    expect(() => parseCompareBaselinesArgs(['--models=other'])).toThrow(/expected models among/);
    expect(() => parseCompareBaselinesArgs(['--limit=-1'])).toThrow(/limit/);
    expect(() => parseCompareBaselinesArgs(['--colour=red'])).toThrow(/"colour"/);
    expect(() => parseCompareBaselinesArgs(['limit=3'])).toThrow(/expected an option/);
  });

  it('scores with src/core/metrics (hand-computed)', () => {
    // truth: 2 Neutral, 2 Happiness; predicted: one Neutral called Happiness.
    const s = scoreAbaw(metrics, [0, 4, 4, 4], [0, 0, 4, 4]);
    expect(s.accuracy).toBe(0.75);
    expect(s.perClassRecall[0]).toBe(0.5);
    expect(s.perClassRecall[4]).toBe(1);
    expect(s.confusion[0]).toEqual([1, 0, 0, 0, 1, 0, 0]);
    // F1 Neutral = 2/3, Happiness = 0.8, the 5 absent classes 0; macro over 7.
    expect(s.macroF1).toBeCloseTo((2 / 3 + 0.8) / 7, 12);
  });
});
