import { describe, expect, it } from 'vitest';
import { ACTION_UNITS } from '../labels';
import {
  BLENDSHAPE_AU_CALIBRATION,
  BLENDSHAPE_AU_SOURCES,
  auActivation,
  blendshapesToActionUnits,
  rawAuScore,
  validateAuCalibration,
  type AuCalibration,
} from './blendshape-aus';

/** MediaPipe's 52 category names (face_landmarker.task, blendshapes head), all at `value`. */
const NAMES = [
  '_neutral', 'browDownLeft', 'browDownRight', 'browInnerUp', 'browOuterUpLeft', 'browOuterUpRight', 'cheekPuff',
  'cheekSquintLeft', 'cheekSquintRight', 'eyeBlinkLeft', 'eyeBlinkRight', 'eyeLookDownLeft', 'eyeLookDownRight',
  'eyeLookInLeft', 'eyeLookInRight', 'eyeLookOutLeft', 'eyeLookOutRight', 'eyeLookUpLeft', 'eyeLookUpRight',
  'eyeSquintLeft', 'eyeSquintRight', 'eyeWideLeft', 'eyeWideRight', 'jawForward', 'jawLeft', 'jawOpen', 'jawRight',
  'mouthClose', 'mouthDimpleLeft', 'mouthDimpleRight', 'mouthFrownLeft', 'mouthFrownRight', 'mouthFunnel', 'mouthLeft',
  'mouthLowerDownLeft', 'mouthLowerDownRight', 'mouthPressLeft', 'mouthPressRight', 'mouthPucker', 'mouthRight',
  'mouthRollLower', 'mouthRollUpper', 'mouthShrugLower', 'mouthShrugUpper', 'mouthSmileLeft', 'mouthSmileRight',
  'mouthStretchLeft', 'mouthStretchRight', 'mouthUpperUpLeft', 'mouthUpperUpRight', 'noseSneerLeft', 'noseSneerRight',
];
const face = (value: number, overrides: Record<string, number> = {}) => ({ ...Object.fromEntries(NAMES.map((n) => [n, value])), ...overrides });

/** Round numbers so every activation below is worked out by hand. */
const SIMPLE: AuCalibration = { restScore: 0.1, presentScore: 0.3, fullScore: 0.7 };
const ALL_SIMPLE = Object.fromEntries(ACTION_UNITS.map((au) => [au, SIMPLE])) as Record<(typeof ACTION_UNITS)[number], AuCalibration>;

describe('rawAuScore', () => {
  it('reads a single blendshape and the larger side of a pair', () => {
    const scores = face(0, { browInnerUp: 0.42, mouthSmileLeft: 0.2, mouthSmileRight: 0.65 });
    expect(rawAuScore(scores, { kind: 'single', blendshape: 'browInnerUp' })).toBe(0.42);
    expect(rawAuScore(scores, { kind: 'pair-max', left: 'mouthSmileLeft', right: 'mouthSmileRight' })).toBe(0.65);
  });

  it('AU25: lips apart by the jaw (jawOpen − mouthClose) or by the lips (mean of the four lip movers), floored at 0', () => {
    const lipsApart = BLENDSHAPE_AU_SOURCES.AU25;
    // jaw: 0.5 − 0.15 = 0.35 > lips: (0.1 + 0.1 + 0.2 + 0.2) / 4 = 0.15
    const jaw = face(0, { jawOpen: 0.5, mouthClose: 0.15, mouthUpperUpLeft: 0.1, mouthUpperUpRight: 0.1, mouthLowerDownLeft: 0.2, mouthLowerDownRight: 0.2 });
    expect(rawAuScore(jaw, lipsApart)).toBeCloseTo(0.35, 12);
    // jaw: 0.1 − 0.05 = 0.05 < lips: (0.6 + 0.4 + 0.3 + 0.3) / 4 = 0.4 (a smile showing the teeth)
    const lips = face(0, { jawOpen: 0.1, mouthClose: 0.05, mouthUpperUpLeft: 0.6, mouthUpperUpRight: 0.4, mouthLowerDownLeft: 0.3, mouthLowerDownRight: 0.3 });
    expect(rawAuScore(lips, lipsApart)).toBeCloseTo(0.4, 12);
    // lips pressed over an open jaw: 0.1 − 0.3 < 0, no lip movement
    expect(rawAuScore(face(0, { jawOpen: 0.1, mouthClose: 0.3 }), lipsApart)).toBe(0);
  });

  it('names the missing blendshape instead of returning NaN', () => {
    const { browInnerUp: _, ...missing } = face(0.1);
    expect(() => rawAuScore(missing, { kind: 'single', blendshape: 'browInnerUp' })).toThrow(/expected a score for "browInnerUp", got none/);
  });
});

describe('auActivation', () => {
  it('is 0 at or below rest, 0.5 at the threshold, 1 at or above full, linear between', () => {
    expect(auActivation(0, SIMPLE)).toBe(0);
    expect(auActivation(0.1, SIMPLE)).toBe(0);
    expect(auActivation(0.2, SIMPLE)).toBeCloseTo(0.25, 12); // 0.5 · (0.2 − 0.1) / (0.3 − 0.1)
    expect(auActivation(0.3, SIMPLE)).toBe(0.5);
    expect(auActivation(0.5, SIMPLE)).toBeCloseTo(0.75, 12); // 0.5 + 0.5 · (0.5 − 0.3) / (0.7 − 0.3)
    expect(auActivation(0.7, SIMPLE)).toBe(1);
    expect(auActivation(0.95, SIMPLE)).toBe(1);
  });
});

describe('blendshapesToActionUnits', () => {
  it('maps a smile with parted lips to AU6, AU12, AU25 and nothing else (hand-computed)', () => {
    const smile = face(0.05, {
      eyeSquintLeft: 0.5, eyeSquintRight: 0.4, // AU6 raw 0.5 → 0.5 + 0.5 · 0.2 / 0.4 = 0.75
      mouthSmileLeft: 0.9, mouthSmileRight: 0.8, // AU12 raw 0.9 → 1
      jawOpen: 0.35, mouthClose: 0.05, // AU25 raw max(0.30, lip movers 0.05) = 0.30 → 0.5
      browDownLeft: 0.2, // AU4 raw 0.2 → 0.25, below the threshold
    });
    const m = blendshapesToActionUnits(smile, ALL_SIMPLE);
    expect(m.rawScores.map((v) => Number(v.toFixed(6)))).toEqual([0.05, 0.05, 0.2, 0.5, 0.9, 0.05, 0.05, 0.3]);
    expect(m.activations.map((v) => Number(v.toFixed(6)))).toEqual([0, 0, 0.25, 0.75, 1, 0, 0, 0.5]);
    expect(m.present).toEqual([false, false, false, true, true, false, false, true]);
  });

  it('a one-sided action counts: a left-only brow raise is AU2 (FACS scores unilateral AUs)', () => {
    const m = blendshapesToActionUnits(face(0, { browOuterUpLeft: 0.5, browOuterUpRight: 0 }), ALL_SIMPLE);
    expect(m.activations[ACTION_UNITS.indexOf('AU2')]).toBeCloseTo(0.75, 12);
    expect(m.present[ACTION_UNITS.indexOf('AU2')]).toBe(true);
  });

  it('a face at rest has no AU present with the shipped calibration', () => {
    const m = blendshapesToActionUnits(face(0));
    expect(m.activations).toEqual(new Array(8).fill(0));
    expect(m.present).toEqual(new Array(8).fill(false));
  });
});

describe('validateAuCalibration', () => {
  it('accepts the shipped calibration and returns a copy', () => {
    const copy = validateAuCalibration(BLENDSHAPE_AU_CALIBRATION);
    expect(copy).toEqual(BLENDSHAPE_AU_CALIBRATION);
    expect(copy).not.toBe(BLENDSHAPE_AU_CALIBRATION);
  });

  it('rejects a threshold outside (rest, full)', () => {
    const bad = { ...ALL_SIMPLE, AU4: { restScore: 0.3, presentScore: 0.2, fullScore: 0.7 } };
    expect(() => validateAuCalibration(bad)).toThrow(/AU calibration AU4: expected 0 ≤ restScore < presentScore < fullScore ≤ 1/);
  });
});
