import { AffectscopeError } from '../errors';
import { withDefaults } from './options';

/** A point of the valence–arousal plane, each coordinate ∈ [-1, 1] (arousal + is up). */
export interface VaPoint {
  valence: number;
  arousal: number;
}

/** A point on the rating pad, CSS pixels from its top-left corner (y grows downwards). */
export interface PadPixelPoint {
  xPx: number;
  yPx: number;
}

export const VA_ORIGIN: Readonly<VaPoint> = Object.freeze({ valence: 0, arousal: 0 });

function clampUnit(value: number): number {
  return Math.min(1, Math.max(-1, value));
}

/** Clamps both coordinates to [-1, 1]: the cursor lives in the unit square. */
export function clampVa(point: VaPoint): VaPoint {
  return { valence: clampUnit(point.valence), arousal: clampUnit(point.arousal) };
}

/**
 * Pad pixels → valence–arousal: the pad's left/right edges are valence −1/+1, its top/bottom
 * edges arousal +1/−1 (FeelTrace layout, Cowie et al. 2000). Points outside the pad are clamped.
 */
export function padPixelToVa(point: PadPixelPoint, widthPx: number, heightPx: number): VaPoint {
  if (!(widthPx > 0 && heightPx > 0)) throw new AffectscopeError('invalid-options', `pad size: expected width and height > 0 px, got ${widthPx} × ${heightPx}`);
  return clampVa({ valence: (2 * point.xPx) / widthPx - 1, arousal: 1 - (2 * point.yPx) / heightPx });
}

/** Valence–arousal → pad pixels; the inverse of padPixelToVa inside the unit square. */
export function vaToPadPixel(point: VaPoint, widthPx: number, heightPx: number): PadPixelPoint {
  return { xPx: ((point.valence + 1) / 2) * widthPx, yPx: ((1 - point.arousal) / 2) * heightPx };
}

export interface StickOptions {
  /** |axis| below this counts as a stick at rest, ∈ [0, 1) (worn sticks rest slightly off centre) */
  deadzone: number;
  /** how far a fully deflected stick moves the cursor per second, VA units/s (the square is 2 wide) */
  speedPerSecond: number;
}

export const DEFAULT_STICK_OPTIONS: Readonly<StickOptions> = Object.freeze({ deadzone: 0.15, speedPerSecond: 1.5 });

export function validateStickOptions(options: Partial<StickOptions> = {}): StickOptions {
  const merged = withDefaults(DEFAULT_STICK_OPTIONS, options);
  if (!(merged.deadzone >= 0 && merged.deadzone < 1)) throw new AffectscopeError('invalid-options', `deadzone: expected 0 ≤ deadzone < 1, got ${merged.deadzone}`);
  if (!(merged.speedPerSecond > 0 && Number.isFinite(merged.speedPerSecond))) {
    throw new AffectscopeError('invalid-options', `speedPerSecond: expected a finite speed > 0, got ${merged.speedPerSecond}`);
  }
  return { deadzone: merged.deadzone, speedPerSecond: merged.speedPerSecond };
}

/** One stick axis after the dead zone, rescaled so the output still reaches ±1 at full deflection. */
function afterDeadzone(axis: number, deadzone: number): number {
  const magnitude = Math.min(1, Math.abs(axis));
  if (magnitude <= deadzone) return 0;
  return (Math.sign(axis) * (magnitude - deadzone)) / (1 - deadzone);
}

/**
 * Moves the cursor by a gamepad stick for `elapsedMs`: velocity ∝ deflection, so a stick at rest
 * leaves the cursor where the pointer put it. Gamepad axes have y down (−1 = pushed up), hence
 * arousal −= y. The result is clamped to the unit square.
 * @param axes [x, y] of the stick, each ∈ [-1, 1] (Gamepad API standard mapping, axes 0 and 1)
 */
export function moveByStick(cursor: VaPoint, axes: readonly [number, number], elapsedMs: number, options: StickOptions = DEFAULT_STICK_OPTIONS): VaPoint {
  const step = (options.speedPerSecond * Math.max(0, elapsedMs)) / 1000;
  const dx = afterDeadzone(axes[0], options.deadzone);
  const dy = afterDeadzone(axes[1], options.deadzone);
  if (dx === 0 && dy === 0) return cursor;
  return clampVa({ valence: cursor.valence + dx * step, arousal: cursor.arousal - dy * step });
}
