import { AffectscopeError } from '../errors';

/** The AffectscopeError that `run` throws; throws (failing the test) when `run` returns or throws anything else. */
export function refusalOf(run: () => unknown): AffectscopeError {
  try {
    run();
  } catch (error) {
    if (error instanceof AffectscopeError) return error;
    throw new Error(`expected an AffectscopeError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a refusal, but it returned');
}
