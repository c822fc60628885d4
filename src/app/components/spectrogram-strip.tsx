import { useEffect, useRef } from 'react';

const COLUMNS = 200;

/** A scrolling spectrogram: one column per newest frame (values in [-1, 1]), low frequencies at the bottom. */
export function SpectrogramStrip({ frame, framesTotal, active }: { frame: Float32Array | null; framesTotal: number; active: boolean }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || !frame) return;
    const bins = frame.length;
    if (canvas.width !== COLUMNS || canvas.height !== bins) {
      canvas.width = COLUMNS;
      canvas.height = bins;
    }
    ctx.drawImage(canvas, -1, 0);
    const column = ctx.createImageData(1, bins);
    for (let b = 0; b < bins; b++) {
      const v = Math.round(((frame[b] + 1) / 2) * 255);
      const o = (bins - 1 - b) * 4;
      column.data[o] = v * 0.4;
      column.data[o + 1] = v * 0.8;
      column.data[o + 2] = v;
      column.data[o + 3] = 255;
    }
    ctx.putImageData(column, COLUMNS - 1, 0);
  }, [frame]);
  return (
    <div className="spectrogram">
      <canvas ref={ref} data-testid="spectrogram" data-frames={framesTotal} aria-label="audio spectrogram" />
      <span className="muted" data-testid="spectrogram-frames">{active ? `${framesTotal} spectrogram frames` : 'no audio'}</span>
    </div>
  );
}
