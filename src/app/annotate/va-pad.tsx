import type { KeyboardEvent, PointerEvent } from 'react';
import { padPixelToVa, vaToPadPixel, type VaPoint } from '../../core/annotation';
import { useCanvas } from '../components/use-canvas';

const QUADRANT_LABELS: [string, number, number][] = [
  ['excited', 0.5, 0.5], ['content', 0.5, -0.5], ['sad', -0.5, -0.5], ['tense', -0.5, 0.5],
];

interface VaPadProps {
  cursor: VaPoint;
  /** the newest samples taken, oldest first, drawn as a trail */
  trail: readonly VaPoint[];
  rating: boolean;
  disabled: boolean;
  onMove(point: VaPoint): void;
}

/**
 * The square valence (x) – arousal (y, up = +) rating pad, FeelTrace-style: the pointer's
 * position is the rating, with or without a button held (touch: while the finger is down).
 */
export function VaPad({ cursor, trail, rating, disabled, onMove }: VaPadProps) {
  const ref = useCanvas((ctx, w, h) => {
    const centre = vaToPadPixel({ valence: 0, arousal: 0 }, w, h);
    ctx.strokeStyle = '#3a4150';
    ctx.lineWidth = 1;
    ctx.strokeRect(0.5, 0.5, w - 1, h - 1);
    ctx.beginPath();
    ctx.arc(centre.xPx, centre.yPx, Math.min(w, h) / 2, 0, Math.PI * 2);
    ctx.moveTo(0, centre.yPx); ctx.lineTo(w, centre.yPx);
    ctx.moveTo(centre.xPx, 0); ctx.lineTo(centre.xPx, h);
    ctx.stroke();
    ctx.fillStyle = '#8a93a6';
    ctx.font = '11px system-ui';
    ctx.textAlign = 'center';
    ctx.fillText('arousal +', centre.xPx, 12);
    ctx.fillText('valence +', w - 30, centre.yPx - 6);
    for (const [label, valence, arousal] of QUADRANT_LABELS) {
      const p = vaToPadPixel({ valence, arousal }, w, h);
      ctx.fillText(label, p.xPx, p.yPx);
    }
    trail.forEach((s, i) => {
      if (i === 0) return;
      const [from, to] = [vaToPadPixel(trail[i - 1], w, h), vaToPadPixel(s, w, h)];
      ctx.strokeStyle = `rgba(255, 180, 84, ${(i / trail.length) * 0.9})`;
      ctx.lineWidth = 2;
      ctx.beginPath(); ctx.moveTo(from.xPx, from.yPx); ctx.lineTo(to.xPx, to.yPx); ctx.stroke();
    });
    const p = vaToPadPixel(cursor, w, h);
    ctx.fillStyle = rating ? '#ffb454' : '#5ec8ff';
    ctx.beginPath(); ctx.arc(p.xPx, p.yPx, 7, 0, Math.PI * 2); ctx.fill();
  }, [cursor, trail, rating]);

  const track = (event: PointerEvent<HTMLCanvasElement>) => {
    if (disabled || (event.pointerType !== 'mouse' && event.buttons === 0)) return;
    const rect = event.currentTarget.getBoundingClientRect();
    onMove(padPixelToVa({ xPx: event.clientX - rect.left, yPx: event.clientY - rect.top }, rect.width, rect.height));
  };
  const capture = (event: PointerEvent<HTMLCanvasElement>) => {
    if (disabled) return;
    event.currentTarget.setPointerCapture(event.pointerId); // keep following a drag that leaves the pad (clamped)
    track(event);
  };

  // Keyboard rating: the arrows move the cursor (valence ←/→, arousal ↑/↓) by 0.05, with Shift by 0.2.
  const onKeyDown = (event: KeyboardEvent<HTMLCanvasElement>) => {
    const step = event.shiftKey ? 0.2 : 0.05;
    const deltas: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    const delta = deltas[event.key];
    if (disabled || !delta) return;
    event.preventDefault();
    const clamp = (x: number) => Math.max(-1, Math.min(1, x));
    onMove({ valence: clamp(cursor.valence + delta[0]), arousal: clamp(cursor.arousal + delta[1]) });
  };

  return (
    <canvas
      ref={ref}
      tabIndex={disabled ? -1 : 0}
      onKeyDown={onKeyDown}
      className={`annotate-pad${rating ? ' rating' : ''}`}
      data-testid="va-pad"
      data-valence={cursor.valence.toFixed(3)}
      data-arousal={cursor.arousal.toFixed(3)}
      role="img"
      aria-label={`valence–arousal rating pad (arrow keys move the cursor): valence ${cursor.valence.toFixed(2)}, arousal ${cursor.arousal.toFixed(2)}`}
      onPointerDown={capture}
      onPointerMove={track}
    />
  );
}
