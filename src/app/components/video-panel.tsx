import { useEffect, useRef } from 'react';
import type { FaceResult } from '../../workers/protocol';
import { drawFaceOverlay } from './face-overlay';

/** Live video, mirrored like a selfie view, with the tracked face box and its landmarks on top. */
export function VideoPanel({ result, onVideo }: { result: FaceResult | null; onVideo: (video: HTMLVideoElement) => void }) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    if (videoRef.current) onVideo(videoRef.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (overlayRef.current) drawFaceOverlay(overlayRef.current, result, { landmarks: true });
  }, [result]);

  return (
    <div className="video-wrap">
      <video ref={videoRef} data-testid="video" playsInline muted autoPlay />
      <canvas ref={overlayRef} className="overlay" data-testid="overlay" data-face={result?.box ? 'yes' : 'no'} />
    </div>
  );
}
