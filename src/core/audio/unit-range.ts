/** How magnitudes become the paper's [-1, 1] intensities (Kollias & Zafeiriou 2019, §3). */
export interface UnitRangeScaling {
  /** magnitude that is 0 dB: sum(window)/2, the peak a full-scale sine at a bin centre produces */
  referenceMagnitude: number;
  /** dB mapped to −1 */
  minDb: number;
  /** dB mapped to +1 */
  maxDb: number;
}

/**
 * dB = 20·log10(mag / referenceMagnitude + 1e-10), then clamp((dB − minDb)/(maxDb − minDb)·2 − 1, −1, 1).
 * The range is fixed, not per utterance, so live frames can be scaled as they stream.
 */
export function toUnitRange(magnitude: ArrayLike<number>, scaling: UnitRangeScaling): Float32Array {
  const { referenceMagnitude, minDb, maxDb } = scaling;
  const out = new Float32Array(magnitude.length);
  const span = maxDb - minDb;
  for (let i = 0; i < magnitude.length; i++) {
    const db = 20 * Math.log10(magnitude[i] / referenceMagnitude + 1e-10);
    out[i] = Math.min(1, Math.max(-1, ((db - minDb) / span) * 2 - 1));
  }
  return out;
}
