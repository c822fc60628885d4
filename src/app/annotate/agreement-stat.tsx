import type { Statistic } from '../../core/metrics';
import { statisticText } from './agreement-format';

/** One labelled statistic, or a pair (valence · arousal) under one label. */
export function Stat({ label, stats, frames, testId }: { label: string; stats: Array<[string, Statistic]>; frames: number; testId: string }) {
  const texts = stats.map(([name, s]) => ({ name, ...statisticText(s, frames) }));
  const title = texts.filter((t) => t.reason).map((t) => `${t.name ? `${t.name}: ` : ''}${t.reason}`).join('; ');
  return (
    <span className="agreement-stat" data-testid={testId} data-value={texts.map((t) => t.dataValue).join(' ')} title={title || undefined}>
      {label} {texts.map((t) => (t.name ? `${t.name} ${t.text}` : t.text)).join(' · ')}
    </span>
  );
}

