import { useEffect, useMemo, useRef } from 'react';
import type { FaceBox, FaceBoxes, FrameRecord } from '../../core/session';
import { OTHER_LINE_PX, SELECTED_LINE_PX, trackColour } from '../components/face-overlay';
import type { ReplayFace } from './replay-track-picker';
import { nearestFrameIndex } from './timeline';

/** Label size, video px per 480 px of picture height (as the box line widths) */
const LABEL_PX = 18;

interface ReplayFaceOverlayProps {
  video: HTMLVideoElement | null;
  /** whether the video's metadata (its size in px) has loaded: the canvas is made that size */
  videoReady: boolean;
  /** the session's frames as stored (each frame's largest face, others in otherFaces), in FaceBoxes' order */
  frames: readonly FrameRecord[];
  boxes: FaceBoxes;
  /** the faces of a session with several people (replayFaces); empty for one person */
  faces: readonly ReplayFace[];
  /** the face picked, or null for each frame's largest face */
  chosenTrackId: number | null;
  currentTimeMs: number;
}

/**
 * In a session with several people (ReplayView draws none for one person), the faces of the frame nearest the
 * replay's time, on a canvas over the video (same size in video px, and the same
 * object-fit, so a box sits on its face at any width): each face's landmark box in its track's colour with its name
 * as the face picker names it ("left face", "face 3") when the session has several people, the face picked thicker.
 */
export function ReplayFaceOverlay({ video, videoReady, frames, boxes, faces, chosenTrackId, currentTimeMs }: ReplayFaceOverlayProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const index = nearestFrameIndex(frames, currentTimeMs);
  const shown = useMemo(() => boxes.boxesAt(index), [boxes, index]);
  const selected = chosenTrackId ?? shown[0]?.trackId ?? null;
  const chosen = shown.find((b) => b.trackId === selected) ?? null;

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const widthPx = video?.videoWidth || 640;
    const heightPx = video?.videoHeight || 480;
    if (canvas.width !== widthPx) canvas.width = widthPx;
    if (canvas.height !== heightPx) canvas.height = heightPx;
    ctx.clearRect(0, 0, widthPx, heightPx);
    const scale = heightPx / 480;
    for (const box of shown) drawBox(ctx, box, widthPx, heightPx, scale, box.trackId === selected, faces.find((f) => f.trackId === box.trackId)?.label ?? null);
  }, [video, videoReady, shown, selected, faces]);

  return (
    <canvas
      ref={canvasRef} className="replay-face-overlay" aria-hidden="true" data-testid="replay-face-overlay"
      data-faces-drawn={shown.length} data-selected-track-id={chosen?.trackId ?? ''}
      data-selected-centre-x={chosen ? ((chosen.minX + chosen.maxX) / 2).toFixed(3) : ''}
    />
  );
}

function drawBox(ctx: CanvasRenderingContext2D, box: FaceBox, widthPx: number, heightPx: number, scale: number, selected: boolean, label: string | null): void {
  const x = box.minX * widthPx;
  const y = box.minY * heightPx;
  ctx.strokeStyle = trackColour(box.trackId);
  ctx.lineWidth = (selected ? SELECTED_LINE_PX : OTHER_LINE_PX) * scale;
  ctx.strokeRect(x, y, (box.maxX - box.minX) * widthPx, (box.maxY - box.minY) * heightPx);
  if (!label) return;
  ctx.font = `${selected ? 'bold ' : ''}${Math.round(LABEL_PX * scale)}px system-ui, sans-serif`;
  ctx.fillStyle = trackColour(box.trackId);
  ctx.textBaseline = 'bottom';
  ctx.fillText(selected ? `${label} ✓` : label, x, Math.max(LABEL_PX * scale, y - 4 * scale));
}
