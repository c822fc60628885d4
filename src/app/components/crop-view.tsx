import { useEffect, useRef } from 'react';

/** The aligned 96×96 crop the network sees (paper §3), enlarged. */
export function CropView({ rgba, sizePx }: { rgba: Uint8ClampedArray | null; sizePx: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    canvas.width = sizePx;
    canvas.height = sizePx;
    if (rgba) ctx.putImageData(new ImageData(new Uint8ClampedArray(rgba), sizePx, sizePx), 0, 0);
    else ctx.clearRect(0, 0, sizePx, sizePx);
  }, [rgba, sizePx]);
  return <canvas ref={ref} className="crop" data-testid="crop" data-state={rgba ? 'face' : 'empty'} aria-label="aligned face crop" />;
}
