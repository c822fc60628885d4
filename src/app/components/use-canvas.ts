import { useEffect, useRef } from 'react';

/** Redraws a canvas (sized for the device pixel ratio) whenever `deps` change. */
export function useCanvas(draw: (ctx: CanvasRenderingContext2D, widthPx: number, heightPx: number) => void, deps: unknown[]) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const ratio = window.devicePixelRatio || 1;
    const widthPx = canvas.clientWidth || canvas.width;
    const heightPx = canvas.clientHeight || canvas.height;
    if (canvas.width !== Math.round(widthPx * ratio)) canvas.width = Math.round(widthPx * ratio);
    if (canvas.height !== Math.round(heightPx * ratio)) canvas.height = Math.round(heightPx * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, widthPx, heightPx);
    draw(ctx, widthPx, heightPx);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return ref;
}
