import { afterEach, describe, expect, it, vi } from 'vitest';
import { webSha256Hex } from './web-sha256';

describe('webSha256Hex', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('gives the FIPS 180-2 digest of "abc" for bytes and for an ArrayBuffer', async () => {
    const abc = new TextEncoder().encode('abc');
    const expected = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(await webSha256Hex(abc, 'model-integrity', 'x')).toBe(expected);
    expect(await webSha256Hex(abc.buffer, 'model-integrity', 'x')).toBe(expected);
  });

  it('without crypto.subtle (plain http) says nothing can be verified, with the caller\'s code', async () => {
    vi.stubGlobal('crypto', {});
    await expect(webSha256Hex(new Uint8Array(1), 'landmarker-integrity', 'face_landmarker.task')).rejects.toMatchObject({
      code: 'landmarker-integrity',
      message: expect.stringContaining('cannot verify face_landmarker.task'),
    });
  });
});
