import { useEffect, useRef } from 'react';
import type { FaceResult } from '../../workers/protocol';
import { drawFaceOverlay, trackColour } from './face-overlay';

export interface VideoPanelProps {
  result: FaceResult | null;
  onVideo: (video: HTMLVideoElement) => void;
  /** the face whose plots are shown (drawn blue), default the largest */
  selectedTrackId?: number | null;
  /** with several faces, each box carries its id as a button that picks that face's plots */
  onPickTrack?: (trackId: number) => void;
}

/** Live video, mirrored like a selfie view, with the tracked faces' boxes (and ids, with several faces) on top. */
export function VideoPanel({ result, onVideo, selectedTrackId = null, onPickTrack }: VideoPanelProps) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    if (videoRef.current) onVideo(videoRef.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (overlayRef.current) drawFaceOverlay(overlayRef.current, result, { landmarks: true, selectedTrackId });
  }, [result, selectedTrackId]);

  const labelled = result && result.faces.length > 1 ? result.faces : [];
  return (
    <div className="video-wrap">
      <video ref={videoRef} data-testid="video" playsInline muted autoPlay />
      <canvas ref={overlayRef} className="overlay" data-testid="overlay" data-face={result?.box ? 'yes' : 'no'} data-faces={result?.faces.length ?? 0} />
      {labelled.map(({ trackId, box }) => (
        <button
          key={trackId} type="button" className={`track-label${trackId === (selectedTrackId ?? result?.trackId) ? ' selected' : ''}`}
          data-testid="track-label" data-track-id={trackId} title={`show the plots of face ${trackId}`}
          // Percentages of the frame: the label sits on the box's top-left corner whatever size the video is drawn at.
          style={{ left: `${(100 * box.xPx) / result!.frameWidthPx}%`, top: `${(100 * box.yPx) / result!.frameHeightPx}%`, background: trackColour(trackId) }}
          onClick={(event) => { event.stopPropagation(); onPickTrack?.(trackId); }}
        >
          {trackId}
        </button>
      ))}
    </div>
  );
}
