import type { AffectSample } from '../pipeline/history';
import { useCanvas } from './use-canvas';

const TRAIL_MS = 4000;
const QUADRANT_LABELS: [string, number, number][] = [
  ['excited', 1, -1], ['content', 1, 1], ['sad', -1, 1], ['tense', -1, -1],
];

/** Valence (x) – arousal (y) circumplex with a fading trail of the last 4 s (Russell 1978). */
export function Circumplex({ samples, hasFace }: { samples: AffectSample[]; hasFace: boolean }) {
  // With reduced motion asked for, no moving trail: only the current point.
  const trailMs = prefersReducedMotion() ? 0 : TRAIL_MS;
  const last = samples[samples.length - 1];
  const ref = useCanvas((ctx, w, h) => {
    const r = Math.min(w, h) / 2 - 14;
    const cx = w / 2;
    const cy = h / 2;
    ctx.strokeStyle = '#3a4150';
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.arc(cx, cy, r, 0, Math.PI * 2);
    ctx.moveTo(cx - r, cy); ctx.lineTo(cx + r, cy);
    ctx.moveTo(cx, cy - r); ctx.lineTo(cx, cy + r);
    ctx.stroke();
    ctx.fillStyle = '#8a93a6';
    ctx.font = '11px system-ui';
    ctx.textAlign = 'center';
    ctx.fillText('arousal +', cx, 11);
    ctx.fillText('valence +', cx + r - 30, cy - 6);
    for (const [label, sx, sy] of QUADRANT_LABELS) ctx.fillText(label, cx + sx * r * 0.55, cy + sy * r * 0.55);
    const newest = samples[samples.length - 1]?.timestampMs ?? 0;
    let previous: AffectSample | null = null;
    for (const s of samples) {
      if (s.valence === null || s.arousal === null || newest - s.timestampMs > trailMs) { previous = null; continue; }
      const alpha = 1 - (newest - s.timestampMs) / trailMs;
      const x = cx + s.valence * r;
      const y = cy - s.arousal * r;
      if (previous && previous.valence !== null && previous.arousal !== null) {
        ctx.strokeStyle = `rgba(94, 200, 255, ${alpha * 0.8})`;
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.moveTo(cx + previous.valence * r, cy - previous.arousal * r);
        ctx.lineTo(x, y);
        ctx.stroke();
      }
      previous = s;
    }
    if (hasFace && last?.valence != null && last.arousal != null) {
      ctx.fillStyle = '#5ec8ff';
      ctx.beginPath();
      ctx.arc(cx + last.valence * r, cy - last.arousal * r, 6, 0, Math.PI * 2);
      ctx.fill();
    }
  }, [samples, hasFace]);
  const described = hasFace && last?.valence != null && last.arousal != null
    ? `valence ${last.valence.toFixed(2)}, arousal ${last.arousal.toFixed(2)}`
    : 'no value';
  return (
    <canvas
      ref={ref} className="plot square" data-testid="circumplex" data-points={samples.filter((s) => s.valence !== null).length}
      role="img" aria-label={`Valence–arousal circumplex (valence left to right, arousal bottom to top, −1 to 1): ${described}`}
    />
  );
}

function prefersReducedMotion(): boolean {
  return typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;
}
