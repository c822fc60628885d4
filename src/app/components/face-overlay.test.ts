import { describe, expect, it } from 'vitest';
import type { FaceResult } from '../../workers/protocol';
import { drawFaceOverlay, trackColour } from './face-overlay';

/** A canvas whose 2D context records its calls and the style each drawing call used. */
function recordingCanvas() {
  const calls: string[] = [];
  const ctx = {
    strokeStyle: '',
    fillStyle: '',
    lineWidth: 1,
    clearRect: (...a: number[]) => calls.push(`clear ${a.join(' ')}`),
    strokeRect: (...a: number[]) => calls.push(`stroke ${ctx.strokeStyle} ${ctx.lineWidth} ${a.join(' ')}`),
    fillRect: (...a: number[]) => calls.push(`fill ${ctx.fillStyle} ${a.join(' ')}`),
  };
  const canvas = { width: 300, height: 150, getContext: () => ctx } as unknown as HTMLCanvasElement;
  return { canvas, calls };
}

const BOX = { xPx: 10, yPx: 20, widthPx: 30, heightPx: 40 };
const OTHER_BOX = { xPx: 150, yPx: 30, widthPx: 20, heightPx: 25 };
const tracked = (trackId: number, box: typeof BOX) => ({ trackId, box, cropRgba: new Uint8ClampedArray(4), measuredActionUnits: [], landmarks: new Float32Array(2) });

function face(status: FaceResult['status'], landmarks: number[] | null): FaceResult {
  const faces = status === 'multiple-faces' ? [tracked(1, BOX), tracked(2, OTHER_BOX)] : [tracked(1, BOX)];
  return {
    type: 'face', timestampMs: 0, frameWidthPx: 200, frameHeightPx: 100, status, faceCount: faces.length, faces, trackId: 1, liveTrackIds: [1, 2],
    box: BOX,
    landmarks: landmarks && Float32Array.from(landmarks), cropRgba: null, cropSizePx: 0, measuredActionUnits: null, landmarksMs: 0, alignmentMs: 0,
  };
}

describe('drawFaceOverlay', () => {
  it('sizes the canvas to the frame, draws the box and, when asked, the landmarks in frame px', () => {
    const { canvas, calls } = recordingCanvas();
    drawFaceOverlay(canvas, face('ok', [0.5, 0.25]), { landmarks: true });
    expect([canvas.width, canvas.height]).toEqual([200, 100]);
    expect(calls).toEqual(['clear 0 0 200 100', 'stroke #5ec8ff 4 10 20 30 40', 'fill rgba(94, 200, 255, 0.7) 99.25 24.25 1.5 1.5']);
  });

  it('draws every tracked face in its own colour whoever is selected, the selected one thicker, no landmarks unless asked, and only clears (at 640×480) with no face', () => {
    const several = recordingCanvas();
    drawFaceOverlay(several.canvas, face('multiple-faces', [0.5, 0.25]));
    expect(several.calls).toEqual(['clear 0 0 200 100', 'stroke #5ec8ff 4 10 20 30 40', 'stroke #ffb454 2 150 30 20 25']);
    const second = recordingCanvas();
    drawFaceOverlay(second.canvas, face('multiple-faces', null), { selectedTrackId: 2 });
    expect(second.calls).toEqual(['clear 0 0 200 100', 'stroke #5ec8ff 2 10 20 30 40', 'stroke #ffb454 4 150 30 20 25']);
    expect(trackColour(7)).toBe(trackColour(1));
    const none = recordingCanvas();
    drawFaceOverlay(none.canvas, null);
    expect([none.canvas.width, none.canvas.height]).toEqual([640, 480]);
    expect(none.calls).toEqual(['clear 0 0 640 480']);
  });
});
