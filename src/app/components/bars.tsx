export interface BarItem {
  label: string;
  title?: string;
  /** ∈ [0, 1] */
  value: number;
  /** where the value counts as present: a tick on the track, and the row marked present from it */
  threshold?: number;
}

/** Why a plot has no values: no face in view, or a face whose first prediction is still being computed. */
export type EmptyState = 'no-face' | 'loading' | 'no-camera';
export const EMPTY_TEXT: Record<EmptyState, string> = { 'no-face': 'no face', loading: 'loading the model…', 'no-camera': 'no camera' };

/** Horizontal probability bars; `null` values render as an empty, labelled state ("no face" or "loading"). */
export function Bars({ items, testId, highlightMax, emptyState = 'no-face' }: { items: BarItem[] | null; testId: string; highlightMax?: boolean; emptyState?: EmptyState }) {
  if (!items) return <div className="bars empty" data-testid={testId} data-state={emptyState}>{EMPTY_TEXT[emptyState]}</div>;
  const max = Math.max(...items.map((i) => i.value));
  return (
    <div className="bars" data-testid={testId} data-state="live">
      {items.map((item) => (
        <div
          className={`bar-row${highlightMax && item.value === max ? ' top' : ''}${item.threshold !== undefined && item.value >= item.threshold ? ' present' : ''}`}
          key={item.label} title={item.threshold === undefined ? item.title : `${item.title ?? item.label}: present from ${item.threshold}`}
        >
          <span className="bar-label">{item.label}</span>
          <span className="bar-track" role="meter" aria-valuemin={0} aria-valuemax={1} aria-valuenow={Number(item.value.toFixed(2))} aria-label={item.title ? `${item.label} (${item.title})` : item.label}>
            <span className="bar-fill" style={{ width: `${(item.value * 100).toFixed(1)}%` }} />
            {item.threshold !== undefined && <span className="bar-threshold" style={{ left: `${(item.threshold * 100).toFixed(1)}%` }} />}
          </span>
          <span className="bar-value" data-testid={`${testId}-${item.label}`}>{item.value.toFixed(2)}</span>
        </div>
      ))}
    </div>
  );
}
