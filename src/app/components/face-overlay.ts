import type { FaceResult } from '../../workers/protocol';

/** Canvas size, px, until a frame gives its own. */
const DEFAULT_FRAME_WIDTH_PX = 640;
const DEFAULT_FRAME_HEIGHT_PX = 480;

export interface FaceOverlayOptions {
  /** also draw the landmarks (normalised [0, 1] x,y pairs) as dots; default false */
  landmarks?: boolean;
}

/**
 * Draws the tracked face on an overlay canvas sized to the frame (px): its box, amber when more than one
 * face is seen, blue otherwise, and optionally its landmarks. With no face the canvas is left clear.
 */
export function drawFaceOverlay(canvas: HTMLCanvasElement, face: FaceResult | null, options: FaceOverlayOptions = {}): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const w = face?.frameWidthPx ?? DEFAULT_FRAME_WIDTH_PX;
  const h = face?.frameHeightPx ?? DEFAULT_FRAME_HEIGHT_PX;
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  ctx.clearRect(0, 0, w, h);
  if (!face?.box) return;
  ctx.strokeStyle = face.status === 'multiple-faces' ? '#ffb454' : '#5ec8ff';
  ctx.lineWidth = 2;
  ctx.strokeRect(face.box.xPx, face.box.yPx, face.box.widthPx, face.box.heightPx);
  if (options.landmarks && face.landmarks) {
    ctx.fillStyle = 'rgba(94, 200, 255, 0.7)';
    for (let i = 0; i < face.landmarks.length; i += 2) ctx.fillRect(face.landmarks[i] * w - 0.75, face.landmarks[i + 1] * h - 0.75, 1.5, 1.5);
  }
}
