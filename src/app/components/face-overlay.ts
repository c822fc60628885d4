import type { FaceResult } from '../../workers/protocol';

/** Canvas size, px, until a frame gives its own. */
const DEFAULT_FRAME_WIDTH_PX = 640;
const DEFAULT_FRAME_HEIGHT_PX = 480;

export interface FaceOverlayOptions {
  /** also draw the primary face's landmarks (normalised [0, 1] x,y pairs) as dots; default false */
  landmarks?: boolean;
  /** the face whose plots are shown, drawn with a thicker line (default: the primary face) */
  selectedTrackId?: number | null;
}

/** One colour per person: a track keeps its colour whoever is selected (ids from 1; the palette repeats after 6). */
export const TRACK_COLOURS: readonly string[] = ['#5ec8ff', '#ffb454', '#9be564', '#f78fb3', '#c39bff', '#ffe066'];

export function trackColour(trackId: number): string {
  const n = TRACK_COLOURS.length;
  return TRACK_COLOURS[(((trackId - 1) % n) + n) % n];
}

/** Box line widths, frame px (the replay's overlay scales them per 480 px of picture height) */
export const SELECTED_LINE_PX = 4;
export const OTHER_LINE_PX = 2;

/**
 * Draws the tracked faces on an overlay canvas sized to the frame (px): each face's box in its track's colour, the
 * selected one thicker, and optionally the primary face's landmarks. With no face the canvas is left clear.
 */
export function drawFaceOverlay(canvas: HTMLCanvasElement, face: FaceResult | null, options: FaceOverlayOptions = {}): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const w = face?.frameWidthPx ?? DEFAULT_FRAME_WIDTH_PX;
  const h = face?.frameHeightPx ?? DEFAULT_FRAME_HEIGHT_PX;
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  ctx.clearRect(0, 0, w, h);
  if (!face) return;
  const selected = options.selectedTrackId ?? face.trackId;
  for (const { trackId, box } of face.faces) {
    ctx.strokeStyle = trackColour(trackId);
    ctx.lineWidth = trackId === selected ? SELECTED_LINE_PX : OTHER_LINE_PX;
    ctx.strokeRect(box.xPx, box.yPx, box.widthPx, box.heightPx);
  }
  if (options.landmarks && face.landmarks) {
    ctx.fillStyle = 'rgba(94, 200, 255, 0.7)';
    for (let i = 0; i < face.landmarks.length; i += 2) ctx.fillRect(face.landmarks[i] * w - 0.75, face.landmarks[i + 1] * h - 0.75, 1.5, 1.5);
  }
}
