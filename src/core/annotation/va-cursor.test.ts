import { describe, expect, it } from 'vitest';
import { AffectscopeError } from '../errors';
import { clampVa, DEFAULT_STICK_OPTIONS, moveByStick, padPixelToVa, validateStickOptions, vaToPadPixel } from './va-cursor';

describe('pad pixels ↔ valence–arousal', () => {
  it('maps corners, centre and a quarter point of a 200 × 200 pad (y down → arousal up)', () => {
    expect(padPixelToVa({ xPx: 0, yPx: 0 }, 200, 200)).toEqual({ valence: -1, arousal: 1 });
    expect(padPixelToVa({ xPx: 200, yPx: 200 }, 200, 200)).toEqual({ valence: 1, arousal: -1 });
    expect(padPixelToVa({ xPx: 100, yPx: 100 }, 200, 200)).toEqual({ valence: 0, arousal: 0 });
    expect(padPixelToVa({ xPx: 150, yPx: 50 }, 200, 200)).toEqual({ valence: 0.5, arousal: 0.5 });
  });
  it('clamps a pointer outside the pad to the unit square', () => {
    expect(padPixelToVa({ xPx: -40, yPx: 330 }, 200, 200)).toEqual({ valence: -1, arousal: -1 });
    expect(clampVa({ valence: 1.2, arousal: -0.3 })).toEqual({ valence: 1, arousal: -0.3 });
  });
  it('vaToPadPixel inverts it', () => {
    expect(vaToPadPixel({ valence: 0.5, arousal: 0.5 }, 200, 100)).toEqual({ xPx: 150, yPx: 25 });
  });
  it('rejects an empty pad', () => {
    expect(() => padPixelToVa({ xPx: 0, yPx: 0 }, 0, 200)).toThrow(AffectscopeError);
  });
});

describe('moveByStick (deadzone 0.15, 1.5 units/s)', () => {
  const origin = { valence: 0, arousal: 0 };
  it('full right for 500 ms → valence +0.75; full up (y = −1) for 200 ms → arousal +0.3', () => {
    expect(moveByStick(origin, [1, 0], 500).valence).toBeCloseTo(0.75, 12);
    const up = moveByStick(origin, [0, -1], 200);
    expect(up.arousal).toBeCloseTo(0.3, 12);
    expect(up.valence).toBe(0);
  });
  it('rescales past the dead zone: 0.575 → (0.575 − 0.15) / 0.85 = 0.5 of full speed', () => {
    expect(moveByStick(origin, [0.575, 0], 1000).valence).toBeCloseTo(0.75, 12);
  });
  it('a stick inside the dead zone leaves the cursor where it was (the same object)', () => {
    const cursor = { valence: 0.3, arousal: -0.2 };
    expect(moveByStick(cursor, [0.1, -0.14], 1000)).toBe(cursor);
  });
  it('clamps to the unit square', () => {
    expect(moveByStick({ valence: 0.9, arousal: -0.9 }, [1, 1], 1000)).toEqual({ valence: 1, arousal: -1 });
  });
  it('validates options', () => {
    expect(validateStickOptions()).toEqual(DEFAULT_STICK_OPTIONS);
    expect(validateStickOptions({ deadzone: undefined, speedPerSecond: 2 })).toEqual({ deadzone: 0.15, speedPerSecond: 2 }); // undefined keeps the default
    expect(() => validateStickOptions({ deadzone: 1 })).toThrow(/deadzone/);
    expect(() => validateStickOptions({ speedPerSecond: 0 })).toThrow(/expected a finite speed > 0, got 0/);
  });
});
