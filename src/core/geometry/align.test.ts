import { describe, expect, it } from 'vitest';
import { AffectscopeError } from '../errors';
import { seededRandom } from '../testing/seeded-random';
import { alignFace, cropSourceWindow, validateAlignOptions, warpToCrop } from './align';
import { applySimilarity, invertSimilarity, similarityScale, type SimilarityTransform } from './similarity';
import { FACE_MESH_INDICES } from './landmarks';
import { faceTemplate } from './template';
import type { NormalizedPoint, PixelBox, RgbaImage, RgbaWindow } from './types';

const BACKGROUND = 50;
const SQUARE = { x0: 120, y0: 40, sizePx: 10, rgb: [250, 200, 100] };

/** 200×160 grey image with a coloured 10×10 square covering pixels x∈[120,130), y∈[40,50). */
function squareImage(): RgbaImage {
  const widthPx = 200, heightPx = 160;
  const data = new Uint8ClampedArray(widthPx * heightPx * 4);
  for (let y = 0; y < heightPx; y++) {
    for (let x = 0; x < widthPx; x++) {
      const inside = x >= SQUARE.x0 && x < SQUARE.x0 + SQUARE.sizePx && y >= SQUARE.y0 && y < SQUARE.y0 + SQUARE.sizePx;
      const i = (y * widthPx + x) * 4;
      for (let c = 0; c < 3; c++) data[i + c] = inside ? SQUARE.rgb[c] : BACKGROUND;
      data[i + 3] = 255;
    }
  }
  return { data, widthPx, heightPx };
}

/** 30° rotation, scale 0.8, moving the square's centre (125, 45) to crop (48, 48). */
function knownTransform(): SimilarityTransform {
  const s = 0.8, theta = Math.PI / 6;
  const a = s * Math.cos(theta), b = s * Math.sin(theta);
  return { a, b, tx: 48 - (a * 125 - b * 45), ty: 48 - (b * 125 + a * 45) };
}

describe('warpToCrop', () => {
  it('puts the square where the transform says, and background elsewhere', () => {
    const t = knownTransform();
    const crop = warpToCrop(squareImage(), t, { cropSizePx: 96 });
    const inv = invertSimilarity(t);
    const expected = (v: number) => v / 127.5 - 1;
    let insideCount = 0;
    for (let v = 0; v < 96; v++) {
      for (let u = 0; u < 96; u++) {
        const p = applySimilarity(inv, { x: u + 0.5, y: v + 0.5 });
        const dx = Math.max(SQUARE.x0 - p.x, p.x - (SQUARE.x0 + SQUARE.sizePx));
        const dy = Math.max(SQUARE.y0 - p.y, p.y - (SQUARE.y0 + SQUARE.sizePx));
        const outside = Math.max(dx, dy); // > 0 outside the square, < 0 inside (pixels)
        const o = (v * 96 + u) * 3;
        if (outside < -1) {
          insideCount++;
          for (let c = 0; c < 3; c++) expect(crop[o + c]).toBeCloseTo(expected(SQUARE.rgb[c]), 5);
        } else if (outside > 1) {
          for (let c = 0; c < 3; c++) expect(crop[o + c]).toBeCloseTo(expected(BACKGROUND), 5);
        }
      }
    }
    // the 8×8 inner square (10 px minus 1 px margins) scaled by 0.8 covers ~41 crop pixels
    expect(insideCount).toBeGreaterThan(30);
    // and the crop pixel straddling the mapped centre is bright
    expect(crop[(47 * 96 + 47) * 3]).toBeCloseTo(expected(250), 5);
  });

  it('gives equal channels in luma3 mode (BT.601) and stays within [-1, 1]', () => {
    const random = seededRandom(4);
    const data = new Uint8ClampedArray(64 * 48 * 4).map(() => Math.floor(random() * 256));
    const image = { data, widthPx: 64, heightPx: 48 };
    const t = { a: 1.3, b: -0.4, tx: -10, ty: 20 };
    const luma = warpToCrop(image, t, { cropSizePx: 32, colorMode: 'luma3' });
    const rgb = warpToCrop(image, t, { cropSizePx: 32, colorMode: 'rgb' });
    expect(luma).toHaveLength(32 * 32 * 3);
    for (let i = 0; i < luma.length; i += 3) {
      expect(luma[i + 1]).toBe(luma[i]);
      expect(luma[i + 2]).toBe(luma[i]);
      const r = (rgb[i] + 1) * 127.5, g = (rgb[i + 1] + 1) * 127.5, b = (rgb[i + 2] + 1) * 127.5;
      expect(luma[i]).toBeCloseTo((0.299 * r + 0.587 * g + 0.114 * b) / 127.5 - 1, 5);
    }
    for (const v of [...luma, ...rgb]) {
      expect(v).toBeGreaterThanOrEqual(-1);
      expect(v).toBeLessThanOrEqual(1);
    }
  });

  it('edge-clamps samples that fall outside the image', () => {
    const image = squareImage();
    // crop entirely to the left of the image: every sample clamps to column 0 (background)
    const crop = warpToCrop(image, { a: 1, b: 0, tx: 500, ty: 0 }, { cropSizePx: 8 });
    for (const v of crop) expect(v).toBeCloseTo(BACKGROUND / 127.5 - 1, 6);
  });

  it('gives exactly the whole frame\'s crop from the window cropSourceWindow names, faces at the edges included', () => {
    const random = seededRandom(11);
    const frame = { data: new Uint8ClampedArray(160 * 120 * 4).map(() => Math.floor(random() * 256)), widthPx: 160, heightPx: 120 };
    const cut = (box: PixelBox): RgbaWindow => {
      const data = new Uint8ClampedArray(box.widthPx * box.heightPx * 4);
      for (let y = 0; y < box.heightPx; y++) {
        const from = ((box.yPx + y) * frame.widthPx + box.xPx) * 4;
        data.set(frame.data.subarray(from, from + box.widthPx * 4), y * box.widthPx * 4);
      }
      return { ...box, data, frameWidthPx: frame.widthPx, frameHeightPx: frame.heightPx };
    };
    // inside, rotated and scaled; over the left/top edges; over the right/bottom edges; wholly outside
    const transforms = [
      { a: 1.2, b: 0.5, tx: -60, ty: -30 },
      { a: 0.9, b: -0.2, tx: 10, ty: 20 },
      { a: 0.7, b: 0.1, tx: -90, ty: -70 },
      { a: 1, b: 0, tx: 500, ty: 0 },
    ];
    for (const t of transforms) {
      const box = cropSourceWindow(t, 32, frame.widthPx, frame.heightPx);
      expect(box.xPx).toBeGreaterThanOrEqual(0);
      expect(box.xPx + box.widthPx).toBeLessThanOrEqual(frame.widthPx);
      expect(box.widthPx * box.heightPx).toBeLessThan(frame.widthPx * frame.heightPx);
      for (const colorMode of ['rgb', 'luma3'] as const) {
        expect(warpToCrop(cut(box), t, { cropSizePx: 32, colorMode })).toEqual(warpToCrop(frame, t, { cropSizePx: 32, colorMode }));
      }
    }
    // a window that misses some of the pixels read is refused, never sampled out of bounds
    const box = cropSourceWindow(transforms[0], 32, frame.widthPx, frame.heightPx);
    expect(() => warpToCrop(cut({ ...box, widthPx: box.widthPx - 3 }), transforms[0], { cropSizePx: 32 })).toThrow(/does not cover/);
  });

  it('rejects bad options and short buffers', () => {
    expect(() => validateAlignOptions({ cropSizePx: 0 })).toThrow(AffectscopeError);
    expect(() => validateAlignOptions({ cropSizePx: 9.5 })).toThrow(/positive integer/);
    expect(() => validateAlignOptions({ colorMode: 'gray' as never })).toThrow(/colorMode/);
    expect(validateAlignOptions()).toEqual({ cropSizePx: 96, colorMode: 'rgb' });
    expect(() => warpToCrop({ data: new Uint8Array(10), widthPx: 4, heightPx: 4 }, knownTransform())).toThrow(/RGBA/);
  });
});

describe('alignFace', () => {
  it('recovers the transform that placed the five landmarks and warps with it', () => {
    const image = squareImage();
    const truth = knownTransform();
    const inv = invertSimilarity(truth);
    const landmarks: NormalizedPoint[] = Array.from({ length: 478 }, () => ({ x: 0.5, y: 0.5, z: 0 }));
    const I = FACE_MESH_INDICES;
    const indices = [I.imageLeftIrisCentre, I.imageRightIrisCentre, I.noseTip, I.imageLeftMouthCorner, I.imageRightMouthCorner];
    faceTemplate(96).forEach((q, k) => {
      const p = applySimilarity(inv, q);
      landmarks[indices[k]] = { x: p.x / image.widthPx, y: p.y / image.heightPx, z: 0 };
    });
    const { crop, transform } = alignFace(image, landmarks);
    expect(transform.a).toBeCloseTo(truth.a, 9);
    expect(transform.b).toBeCloseTo(truth.b, 9);
    expect(transform.tx).toBeCloseTo(truth.tx, 7);
    expect(transform.ty).toBeCloseTo(truth.ty, 7);
    expect(similarityScale(transform)).toBeCloseTo(0.8, 9);
    const direct = warpToCrop(image, truth);
    let maxDiff = 0;
    for (let i = 0; i < crop.length; i++) maxDiff = Math.max(maxDiff, Math.abs(crop[i] - direct[i]));
    expect(maxDiff).toBeLessThan(1e-4);
  });
});
