/** The import's media SHA-256 in a worker (workers/sha256.worker.ts), with at most a few pieces in flight. */
import { Sha256, type StreamingHash } from '../../core/session';
import type { HashRequest, HashResponse } from '../../workers/sha256.worker';

/** pieces (≤ 1 MiB each) posted and not yet hashed before update() waits */
const MAX_IN_FLIGHT = 4;

/** A StreamingHash that runs in a new worker (terminated after the digest), or on this thread where there are no workers (Node tests). */
export function createImportHash(): StreamingHash {
  if (typeof Worker === 'undefined') return new Sha256();
  const worker = new Worker(new URL('../../workers/sha256.worker.ts', import.meta.url), { type: 'module', name: 'affectscope-sha256' });
  let inFlight = 0;
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  let onDigest: ((hex: string) => void) | null = null;
  const fail = (error: Error) => {
    failure = error;
    worker.terminate();
    wake?.();
  };
  worker.onmessage = (event: MessageEvent<HashResponse>) => {
    const message = event.data;
    if (message.type === 'hashed') {
      inFlight--;
      wake?.();
    } else if (message.type === 'digest') {
      worker.terminate();
      onDigest?.(message.hex);
    } else fail(new Error(`SHA-256 worker: ${message.message}`));
  };
  worker.onerror = (event) => fail(new Error(`SHA-256 worker: ${event.message}`));
  const post = (request: HashRequest, transfer: Transferable[] = []) => worker.postMessage(request, transfer);
  const settled = () => new Promise<void>((resolve) => (wake = resolve));
  return {
    async update(bytes) {
      if (failure) throw failure;
      const copy = bytes.slice(); // the caller still writes `bytes` to the store: the worker gets its own copy
      post({ type: 'update', bytes: copy }, [copy.buffer]);
      inFlight++;
      while (inFlight >= MAX_IN_FLIGHT && !failure) await settled();
      if (failure) throw failure;
    },
    async digestHex() {
      if (failure) throw failure;
      const digest = new Promise<string>((resolve, reject) => {
        onDigest = resolve;
        wake = () => failure && reject(failure);
      });
      post({ type: 'digest' });
      return digest;
    },
    dispose: () => worker.terminate(),
  };
}
