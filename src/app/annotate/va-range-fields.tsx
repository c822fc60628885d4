import type { TimeSpan } from '../../core/annotation';

/** The re-rated range as typed: on or off, and its bounds in seconds (strings, as in the inputs). */
export interface VaRangeInput {
  on: boolean;
  fromS: string;
  toS: string;
}

/** The range in ms, or null when it is off; an error text when the bounds do not make a range. */
export function parseVaRange(input: VaRangeInput): { range: TimeSpan | null; error: string | null } {
  if (!input.on) return { range: null, error: null };
  const [from, to] = [Number(input.fromS), Number(input.toS)];
  if (!(input.fromS !== '' && input.toS !== '' && Number.isFinite(from) && Number.isFinite(to) && from >= 0 && to > from)) {
    return { range: null, error: `expected 0 ≤ from < to (seconds), got ${input.fromS || '?'} to ${input.toS || '?'}` };
  }
  return { range: { startMs: from * 1000, endMs: to * 1000 }, error: null };
}

interface VaRangeFieldsProps {
  value: VaRangeInput;
  onChange(value: VaRangeInput): void;
  /** where the video is, ms: the range starts there when it is switched on */
  currentTimeMs: number;
  disabled: boolean;
  error: string | null;
}

/** "Re-rate only from … s to … s": the new pass replaces the earlier rating over that range only. */
export function VaRangeFields({ value, onChange, currentTimeMs, disabled, error }: VaRangeFieldsProps) {
  const toggle = (on: boolean) => {
    const fromS = (Math.floor(currentTimeMs / 100) / 10).toFixed(1);
    onChange(on && !value.on ? { on, fromS, toS: (Number(fromS) + 2).toFixed(1) } : { ...value, on });
  };
  return (
    <div className="annotate-range small">
      <label>
        <input type="checkbox" checked={value.on} disabled={disabled} onChange={(e) => toggle(e.target.checked)} data-testid="va-range-on" /> re-rate only
      </label>
      <label>
        from <input type="number" min={0} step={0.1} value={value.fromS} disabled={disabled || !value.on} onChange={(e) => onChange({ ...value, fromS: e.target.value })} data-testid="va-range-from" aria-label="re-rate from, seconds" />
      </label>
      <label>
        to <input type="number" min={0} step={0.1} value={value.toS} disabled={disabled || !value.on} onChange={(e) => onChange({ ...value, toS: e.target.value })} data-testid="va-range-to" aria-label="re-rate to, seconds" /> s
      </label>
      {error && <span className="message error" role="alert">{error}</span>}
    </div>
  );
}
