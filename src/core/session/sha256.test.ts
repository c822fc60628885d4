import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/seeded-random';
import { sha256Hex } from './sha256';

const ascii = (s: string) => new TextEncoder().encode(s);

describe('sha256Hex', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(sha256Hex(ascii(''))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex(ascii('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(ascii('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it("matches Node's crypto for every length across the padding boundaries (0–200 bytes) and 1 MiB", () => {
    const random = seededRandom(7);
    const bytes = Uint8Array.from({ length: 1 << 20 }, () => Math.floor(random() * 256));
    for (const length of [...Array.from({ length: 201 }, (_, i) => i), 1 << 20]) {
      const part = bytes.subarray(0, length);
      expect(sha256Hex(part), `length ${length}`).toBe(createHash('sha256').update(part).digest('hex'));
    }
  });
});
