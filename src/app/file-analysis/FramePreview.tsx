import { useEffect, useRef } from 'react';
import type { FaceResult } from '../../workers/protocol';

/** The frame being analysed (drawn by the analysis through `frameCanvas`) with the tracked face's box on top. */
export function FramePreview({ face, frameCanvas }: { face: FaceResult | null; frameCanvas: (canvas: HTMLCanvasElement | null) => void }) {
  const overlay = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = overlay.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const w = face?.frameWidthPx ?? 640;
    const h = face?.frameHeightPx ?? 480;
    if (canvas.width !== w || canvas.height !== h) [canvas.width, canvas.height] = [w, h];
    ctx.clearRect(0, 0, w, h);
    if (!face?.box) return;
    ctx.strokeStyle = face.status === 'multiple-faces' ? '#ffb454' : '#5ec8ff';
    ctx.lineWidth = 2;
    ctx.strokeRect(face.box.xPx, face.box.yPx, face.box.widthPx, face.box.heightPx);
  }, [face]);
  return (
    <div className="file-frame">
      <canvas ref={frameCanvas} data-testid="file-frame" aria-label="the video frame being analysed" />
      <canvas ref={overlay} className="overlay" data-testid="file-overlay" data-face={face?.box ? 'yes' : 'no'} />
    </div>
  );
}
