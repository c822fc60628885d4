import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/seeded-random';
import { Sha256, sha256Hex } from './sha256';

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

describe('Sha256 (incremental)', () => {
  it('gives the one-shot digest whatever the pieces: random splits of 1 MiB, against node:crypto and WebCrypto', async () => {
    const random = seededRandom(11);
    const bytes = Uint8Array.from({ length: (1 << 20) + 37 }, () => Math.floor(random() * 256));
    const expected = createHash('sha256').update(bytes).digest('hex');
    const web = Buffer.from(await crypto.subtle.digest('SHA-256', bytes)).toString('hex');
    expect(web).toBe(expected);
    for (const maxPiece of [1, 63, 64, 65, 1000, 1 << 16]) {
      const hash = new Sha256();
      for (let at = 0; at < bytes.length; ) {
        const length = maxPiece === 1 ? 1 : 1 + Math.floor(random() * maxPiece);
        hash.update(bytes.subarray(at, at + length));
        at += length;
        if (maxPiece === 1 && at >= 4096) {
          hash.update(bytes.subarray(at));
          break;
        }
      }
      expect(hash.digestHex(), `pieces ≤ ${maxPiece}`).toBe(expected);
    }
  });

  it('the FIPS "million a" vector in 1000-byte pieces; no update after the digest', () => {
    const hash = new Sha256();
    const piece = new Uint8Array(1000).fill(0x61);
    for (let i = 0; i < 1000; i++) hash.update(piece);
    expect(hash.digestHex()).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
    expect(() => hash.update(piece)).toThrow('update() after digestHex()');
  });
});
