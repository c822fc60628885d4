import { AffectscopeError, type ErrorCode } from './errors';

/**
 * Lower-case hex SHA-256 via Web Crypto (browsers and workers on https/localhost, Node ≥ 20). Where
 * crypto.subtle is missing (plain http), nothing can be verified: throws AffectscopeError(`code`).
 */
export async function webSha256Hex(bytes: ArrayBuffer | Uint8Array, code: ErrorCode, what: string): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) {
    throw new AffectscopeError(code, `cannot verify ${what}: crypto.subtle is unavailable (serve the app over https or from localhost)`);
  }
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const digest = new Uint8Array(await subtle.digest('SHA-256', view as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
