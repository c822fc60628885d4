/** `parts` joined into one array (of `totalBytes` bytes when the caller knows it). */
export function concatBytes(parts: readonly Uint8Array[], totalBytes = parts.reduce((n, p) => n + p.length, 0)): Uint8Array {
  const out = new Uint8Array(totalBytes);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
