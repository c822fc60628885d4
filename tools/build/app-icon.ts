/**
 * The app icon (the valence–arousal circumplex: axes, unit circle, one reading), drawn as PNG at
 * build time so no binary is committed. public/icons/icon.svg is the same drawing as SVG.
 */
import { deflateSync } from 'node:zlib';

const BACKGROUND = [0x12, 0x15, 0x1c] as const; // styles.css :root background
const AXES = [0x3a, 0x42, 0x57] as const;
const RING = [0x5e, 0xc8, 0xff] as const; // bar colour
const DOT = [0xff, 0xb4, 0x54] as const; // top-bar colour

/** RGBA pixels (row-major, 4 bytes a pixel) of a square icon `sizePx` wide, anti-aliased by pixel coverage. */
export function renderIconRgba(sizePx: number): Uint8Array {
  if (!Number.isInteger(sizePx) || sizePx < 16) throw new Error(`expected an integer icon size ≥ 16 px, got ${sizePx}`);
  const rgba = new Uint8Array(sizePx * sizePx * 4);
  const half = sizePx / 2;
  const px = 1 / half; // one pixel in the [-1, 1] drawing space
  // Coverage ∈ [0, 1] of a shape at signed distance d (negative inside), over about one pixel.
  const cover = (d: number) => Math.min(1, Math.max(0, 0.5 - d / px));
  for (let y = 0; y < sizePx; y++) {
    for (let x = 0; x < sizePx; x++) {
      const u = (x + 0.5 - half) / half;
      const v = (y + 0.5 - half) / half;
      const r = Math.hypot(u, v);
      let color: readonly number[] = BACKGROUND;
      const blend = (c: readonly number[], a: number) => { color = color.map((ch, i) => ch + (c[i] - ch) * a); };
      blend(AXES, cover(Math.max(Math.min(Math.abs(u), Math.abs(v)) - 0.02, r - 0.78)));
      blend(RING, cover(Math.abs(r - 0.62) - 0.05));
      blend(DOT, cover(Math.hypot(u - 0.3, v + 0.26) - 0.13));
      const o = (y * sizePx + x) * 4;
      rgba.set([Math.round(color[0]), Math.round(color[1]), Math.round(color[2]), 255], o);
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/** An 8-bit RGBA PNG (PNG spec §11.2: IHDR colour type 6, filter 0 on every row). */
export function encodePng(widthPx: number, heightPx: number, rgba: Uint8Array): Buffer {
  if (rgba.length !== widthPx * heightPx * 4) throw new Error(`expected ${widthPx * heightPx * 4} RGBA bytes, got ${rgba.length}`);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(widthPx, 0);
  header.writeUInt32BE(heightPx, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc((widthPx * 4 + 1) * heightPx);
  for (let y = 0; y < heightPx; y++) raw.set(rgba.subarray(y * widthPx * 4, (y + 1) * widthPx * 4), y * (widthPx * 4 + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
