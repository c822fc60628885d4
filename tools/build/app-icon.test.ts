import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePng, renderIconRgba } from './app-icon';

describe('app icon', () => {
  it('encodes a valid PNG whose pixels decode back to the input', () => {
    const rgba = renderIconRgba(32);
    const png = encodePng(32, 32, rgba);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(16)).toBe(32); // IHDR width
    const idatLength = png.readUInt32BE(33);
    expect(png.subarray(37, 41).toString('latin1')).toBe('IDAT');
    const raw = inflateSync(png.subarray(41, 41 + idatLength));
    expect(raw.length).toBe(32 * (32 * 4 + 1));
    expect([...raw.subarray(1, 1 + 32 * 4)]).toEqual([...rgba.subarray(0, 32 * 4)]);
  });
  it('draws the background in the corner and the ring at its radius', () => {
    const rgba = renderIconRgba(192);
    expect([...rgba.subarray(0, 4)]).toEqual([0x12, 0x15, 0x1c, 255]);
    const ringX = Math.round(96 - 0.62 * 96); // left edge of the ring on the middle row
    const o = (96 * 192 + ringX) * 4;
    expect([...rgba.subarray(o, o + 3)]).toEqual([0x5e, 0xc8, 0xff]);
  });
  it('rejects sizes that are too small', () => {
    expect(() => renderIconRgba(8)).toThrow('expected an integer icon size');
  });
});
