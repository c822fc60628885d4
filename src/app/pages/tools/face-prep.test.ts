import { describe, expect, it } from 'vitest';
import { canvasPlacement, grayToRgba, landmarksToSource, medianTransform, padAndScale, validateFacePadVariant, type GrayImage } from './face-prep';

// A 2×2 image: 10 20 / 30 40.
const TINY: GrayImage = { data: Uint8Array.from([10, 20, 30, 40]), widthPx: 2, heightPx: 2 };
const pixel = (image: { data: ArrayLike<number>; widthPx: number }, x: number, y: number) => image.data[(y * image.widthPx + x) * 4];

describe('padAndScale', () => {
  it('without padding at the same size is the image itself, as opaque grey RGBA', () => {
    const out = padAndScale(TINY, { padFraction: 0, border: 'black', canvasSizePx: 2 });
    expect(Array.from(out.data)).toEqual([10, 10, 10, 255, 20, 20, 20, 255, 30, 30, 30, 255, 40, 40, 40, 255]);
  });

  it('pads by padFraction of the side on each side, filled per border mode', () => {
    // padFraction 0.5 of a 2-px image: 1 px each side → a 4×4 canvas with the image in the middle.
    const black = padAndScale(TINY, { padFraction: 0.5, border: 'black', canvasSizePx: 4 });
    expect([pixel(black, 0, 0), pixel(black, 1, 1), pixel(black, 2, 2), pixel(black, 3, 3)]).toEqual([0, 10, 40, 0]);
    const grey = padAndScale(TINY, { padFraction: 0.5, border: 'grey', canvasSizePx: 4 });
    expect(pixel(grey, 0, 3)).toBe(128);
    const replicate = padAndScale(TINY, { padFraction: 0.5, border: 'replicate', canvasSizePx: 4 });
    expect([pixel(replicate, 0, 0), pixel(replicate, 3, 0), pixel(replicate, 0, 3), pixel(replicate, 3, 3)]).toEqual([10, 20, 30, 40]);
    const reflect = padAndScale(TINY, { padFraction: 0.5, border: 'reflect', canvasSizePx: 4 });
    expect([pixel(reflect, 0, 1), pixel(reflect, 3, 1)]).toEqual([10, 20]); // half-sample mirror: the edge pixel again
  });

  it('refuses contradictory variants', () => {
    expect(() => validateFacePadVariant({ padFraction: -1, border: 'black', canvasSizePx: 192 })).toThrow(/padFraction/);
    expect(() => validateFacePadVariant({ padFraction: 0.25, border: 'blue' as never, canvasSizePx: 192 })).toThrow(/border/);
    expect(() => validateFacePadVariant({ padFraction: 0.25, border: 'black', canvasSizePx: 19.5 })).toThrow(/canvasSizePx/);
  });
});

describe('landmarksToSource', () => {
  it('maps canvas-normalised points back onto the source image', () => {
    const image: GrayImage = { data: new Uint8Array(48 * 48), widthPx: 48, heightPx: 48 };
    const variant = { padFraction: 0.25, border: 'black' as const, canvasSizePx: 192 };
    // 48 px + 12 px each side = 72 px → 192 px: scale 8/3, offset 12 px.
    expect(canvasPlacement(48, 48, variant)).toEqual({ scale: 192 / 72, offsetXPx: 12, offsetYPx: 12 });
    const [corner, centre] = landmarksToSource([{ x: 12 / 72, y: 12 / 72 }, { x: 0.5, y: 0.5, z: 0.1 }], image, variant);
    expect(corner.x).toBeCloseTo(0, 12);
    expect(corner.y).toBeCloseTo(0, 12);
    expect(centre).toEqual({ x: 0.5, y: 0.5, z: 0.1 });
  });
});

describe('grayToRgba / medianTransform', () => {
  it('copies grey into R, G and B with opaque alpha', () => {
    expect(Array.from(grayToRgba(TINY).data.slice(0, 8))).toEqual([10, 10, 10, 255, 20, 20, 20, 255]);
  });

  it('takes the element-wise median; null without transforms', () => {
    const t = (a: number, tx: number) => ({ a, b: 0, tx, ty: -tx });
    expect(medianTransform([t(1, 5), t(3, -1), t(2, 0)])).toEqual({ a: 2, b: 0, tx: 0, ty: -0 });
    expect(medianTransform([t(1, 0), t(2, 2)])).toEqual({ a: 1.5, b: 0, tx: 1, ty: -1 });
    expect(medianTransform([])).toBeNull();
  });
});
