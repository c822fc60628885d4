/**
 * Coordinate spaces. Pixel coordinates are continuous: pixel (column i, row j) covers
 * [i, i+1) × [j, j+1), so its centre is (i + 0.5, j + 0.5) and a NormalizedPoint maps to
 * pixels by plain multiplication with the image size.
 */

/** A point in pixels of the source image (x to the right, y down). */
export interface PixelPoint {
  x: number;
  y: number;
}

/** A MediaPipe landmark: x, y ∈ [0, 1] as fractions of image width/height; z is relative depth. */
export interface NormalizedPoint {
  x: number;
  y: number;
  z?: number;
}

/** An axis-aligned box in source-image pixels. */
export interface PixelBox {
  xPx: number;
  yPx: number;
  widthPx: number;
  heightPx: number;
}

/** An RGBA image, row-major, 4 bytes per pixel (ImageData-compatible). */
export interface RgbaImage {
  data: Uint8ClampedArray | Uint8Array;
  widthPx: number;
  heightPx: number;
}

/**
 * A window of a larger frame: `data` holds the widthPx × heightPx pixels whose top-left is (xPx, yPx) in a
 * frame of frameWidthPx × frameHeightPx. Sampling treats it as that frame (edge clamping at the frame's border),
 * so a crop warped from a window equals the crop warped from the whole frame when the window covers every pixel read.
 */
export interface RgbaWindow extends RgbaImage {
  xPx: number;
  yPx: number;
  frameWidthPx: number;
  frameHeightPx: number;
}
