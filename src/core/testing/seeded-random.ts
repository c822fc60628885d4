import { mulberry32 } from '../prng';

/** Deterministic PRNG for tests (mulberry32): returns a function giving uniforms in [0, 1). */
export const seededRandom = mulberry32;

/** One standard normal sample from a uniform source (Box–Muller). */
export function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
