import { useEffect, useRef } from 'react';
import type { FaceResult } from '../../workers/protocol';
import { drawFaceOverlay } from '../components/face-overlay';

/** The frame being analysed (drawn by the analysis through `frameCanvas`) with the tracked face's box on top. */
export function FramePreview({ face, frameCanvas }: { face: FaceResult | null; frameCanvas: (canvas: HTMLCanvasElement | null) => void }) {
  const overlay = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (overlay.current) drawFaceOverlay(overlay.current, face);
  }, [face]);
  return (
    <div className="file-frame">
      <canvas ref={frameCanvas} data-testid="file-frame" aria-label="the video frame being analysed" />
      <canvas ref={overlay} className="overlay" data-testid="file-overlay" data-face={face?.box ? 'yes' : 'no'} />
    </div>
  );
}
