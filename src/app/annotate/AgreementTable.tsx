import { useMemo } from 'react';
import { raterName, sessionAgreement, type Agreement } from '../../core/annotation';
import { ACTION_UNITS } from '../../core/labels';
import type { AnnotationTrack, SessionRecord } from '../../core/session';

const KIND_NAMES: Record<Agreement['kind'], string> = { va: 'valence–arousal', expression: 'expression', au: 'action units' };

function format(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(2);
}

function describe(row: Agreement): { text: string; title?: string } {
  if (row.kind === 'va') return { text: `CCC V ${format(row.valenceCcc)} · A ${format(row.arousalCcc)}` };
  if (row.kind === 'expression') return { text: `macro F1 ${format(row.macroF1)}` };
  return { text: `mean F1 ${format(row.meanF1)}`, title: ACTION_UNITS.map((name, i) => `${name} ${format(row.perAuF1[i])}`).join(', ') };
}

/** Agreement of every annotator with the model and with each other (core/annotation sessionAgreement). */
export function AgreementTable({ session, tracks }: { session: SessionRecord; tracks: AnnotationTrack[] }) {
  const rows = useMemo(
    () => sessionAgreement({ durationMs: session.durationMs, frames: session.frames, annotations: tracks }),
    [session.durationMs, session.frames, tracks],
  );
  return (
    <table className="annotate-agreement" data-testid="agreement">
      <thead>
        <tr><th>kind</th><th>pair</th><th>frames</th><th>agreement</th></tr>
      </thead>
      <tbody>
        {rows.length === 0 && <tr><td colSpan={4} className="muted">No annotations yet.</td></tr>}
        {rows.map((row) => {
          const [a, b] = [raterName(row.a), raterName(row.b)];
          const { text, title } = describe(row);
          const frames = row.kind === 'au' ? Math.max(...row.commonFrames) : row.commonFrames;
          return (
            <tr key={`${row.kind}|${row.a.source}:${a}|${row.b.source}:${b}`} data-testid="agreement-row" data-kind={row.kind} data-a={a} data-b={b}>
              <td>{KIND_NAMES[row.kind]}</td>
              <td>{a} – {b}</td>
              <td className="num">{frames}</td>
              <td className="num" title={title} data-testid="agreement-value">{text}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
