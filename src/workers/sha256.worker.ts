/// <reference lib="webworker" />
/**
 * SHA-256 of a stream off the main thread (an import's media, up to 4 GiB): pieces arrive as transferred
 * buffers, each is acknowledged once hashed so the sender can keep only a few in flight.
 */
import { errorMessage } from '../core/errors';
import { Sha256 } from '../core/session/sha256';

/** main → worker */
export type HashRequest = { type: 'update'; bytes: Uint8Array } | { type: 'digest' };
/** worker → main: 'hashed' acknowledges one update */
export type HashResponse = { type: 'hashed' } | { type: 'digest'; hex: string } | { type: 'error'; message: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;
const hash = new Sha256();
scope.onmessage = (event: MessageEvent<HashRequest>) => {
  const post = (message: HashResponse) => scope.postMessage(message);
  try {
    if (event.data.type === 'update') {
      hash.update(event.data.bytes);
      post({ type: 'hashed' });
    } else post({ type: 'digest', hex: hash.digestHex() });
  } catch (error) {
    post({ type: 'error', message: errorMessage(error) });
  }
};
