/** Shared plumbing of the two workers: typed errors out, tasks run one after another. */
import { isAffectscopeError, errorMessage } from '../core/errors';
import type { WorkerError } from './protocol';

export function toWorkerError(error: unknown, fatal: boolean): WorkerError {
  if (isAffectscopeError(error)) return { type: 'error', code: error.code, message: error.message, fatal };
  return { type: 'error', code: 'internal', message: errorMessage(error), fatal };
}

/** Runs tasks strictly in order; a failure is posted as a typed error, never swallowed. */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();
  constructor(private readonly onError: (error: WorkerError) => void) {}
  run(task: () => Promise<void> | void, fatal: boolean): void {
    this.tail = this.tail.then(task).catch((error) => this.onError(toWorkerError(error, fatal)));
  }
  /** resolves when every task queued so far has run */
  settled(): Promise<void> {
    return this.tail;
  }
}
