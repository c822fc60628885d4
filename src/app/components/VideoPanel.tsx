import { useEffect, useRef } from 'react';
import type { FaceResult } from '../../workers/protocol';

/** Live video, mirrored like a selfie view, with the tracked face box and its landmarks on top. */
export function VideoPanel({ result, onVideo }: { result: FaceResult | null; onVideo: (video: HTMLVideoElement) => void }) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    if (videoRef.current) onVideo(videoRef.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const canvas = overlayRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const w = result?.frameWidthPx ?? 640;
    const h = result?.frameHeightPx ?? 480;
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
    ctx.clearRect(0, 0, w, h);
    if (!result?.box) return;
    ctx.strokeStyle = result.status === 'multiple-faces' ? '#ffb454' : '#5ec8ff';
    ctx.lineWidth = 2;
    ctx.strokeRect(result.box.xPx, result.box.yPx, result.box.widthPx, result.box.heightPx);
    if (result.landmarks) {
      ctx.fillStyle = 'rgba(94, 200, 255, 0.7)';
      for (let i = 0; i < result.landmarks.length; i += 2) ctx.fillRect(result.landmarks[i] * w - 0.75, result.landmarks[i + 1] * h - 0.75, 1.5, 1.5);
    }
  }, [result]);

  return (
    <div className="video-wrap">
      <video ref={videoRef} data-testid="video" playsInline muted autoPlay />
      <canvas ref={overlayRef} className="overlay" data-testid="overlay" data-face={result?.box ? 'yes' : 'no'} />
    </div>
  );
}
