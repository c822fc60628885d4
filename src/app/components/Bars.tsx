export interface BarItem {
  label: string;
  title?: string;
  /** ∈ [0, 1] */
  value: number;
}

/** Horizontal probability bars; `null` values render as an empty, labelled "no face" state. */
export function Bars({ items, testId, highlightMax }: { items: BarItem[] | null; testId: string; highlightMax?: boolean }) {
  if (!items) return <div className="bars empty" data-testid={testId} data-state="no-face">no face</div>;
  const max = Math.max(...items.map((i) => i.value));
  return (
    <div className="bars" data-testid={testId} data-state="live">
      {items.map((item) => (
        <div className={`bar-row${highlightMax && item.value === max ? ' top' : ''}`} key={item.label} title={item.title}>
          <span className="bar-label">{item.label}</span>
          <span className="bar-track">
            <span className="bar-fill" style={{ width: `${(item.value * 100).toFixed(1)}%` }} />
          </span>
          <span className="bar-value" data-testid={`${testId}-${item.label}`}>{item.value.toFixed(2)}</span>
        </div>
      ))}
    </div>
  );
}
