import { AffectscopeError } from '../core/errors';

/** Lower-case hex SHA-256 via Web Crypto (browsers on https/localhost, Node ≥ 20). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) {
    throw new AffectscopeError(
      'model-integrity',
      'cannot verify the model files: crypto.subtle is unavailable (serve the app over https or from localhost)',
    );
  }
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
