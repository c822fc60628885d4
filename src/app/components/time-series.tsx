import type { AffectSample } from '../pipeline/history';
import { useCanvas } from './use-canvas';

const SPAN_MS = 30_000;
const SERIES = [
  { key: 'valence', colour: '#5ec8ff' },
  { key: 'arousal', colour: '#ffb454' },
] as const;

/** Valence and arousal over the last 30 s; gaps where there was no face. */
export function TimeSeries({ samples }: { samples: AffectSample[] }) {
  const ref = useCanvas((ctx, w, h) => {
    const newest = samples[samples.length - 1]?.timestampMs ?? 0;
    const x = (t: number) => w - ((newest - t) / SPAN_MS) * w;
    const y = (v: number) => h / 2 - v * (h / 2 - 6);
    ctx.strokeStyle = '#3a4150';
    ctx.beginPath();
    ctx.moveTo(0, h / 2); ctx.lineTo(w, h / 2);
    ctx.stroke();
    ctx.fillStyle = '#8a93a6';
    ctx.font = '11px system-ui';
    ctx.fillText('+1', 2, 11);
    ctx.fillText('−1', 2, h - 3);
    ctx.textAlign = 'center';
    ctx.fillText('−30 s', 56, h - 3);
    ctx.fillText('−15 s', w / 2, h - 3);
    ctx.textAlign = 'right';
    ctx.fillText('now', w - 2, h - 3);
    ctx.textAlign = 'left';
    for (const { key, colour } of SERIES) {
      ctx.strokeStyle = colour;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      let drawing = false;
      for (const s of samples) {
        const v = s[key];
        if (v === null) { drawing = false; continue; }
        if (drawing) ctx.lineTo(x(s.timestampMs), y(v));
        else ctx.moveTo(x(s.timestampMs), y(v));
        drawing = true;
      }
      ctx.stroke();
    }
    ctx.fillStyle = SERIES[0].colour; ctx.fillText('valence', w - 110, 11);
    ctx.fillStyle = SERIES[1].colour; ctx.fillText('arousal', w - 55, 11);
  }, [samples]);
  let last: AffectSample | undefined;
  for (let i = samples.length - 1; i >= 0 && !last; i--) if (samples[i].valence !== null) last = samples[i];
  const described = last ? `latest valence ${last.valence!.toFixed(2)}, arousal ${last.arousal?.toFixed(2) ?? '–'}` : 'no values yet';
  return (
    <canvas
      ref={ref} className="plot wide" data-testid="timeseries" data-points={samples.length}
      role="img" aria-label={`Valence (blue) and arousal (orange) over the last 30 seconds, −1 to 1: ${described}`}
    />
  );
}
