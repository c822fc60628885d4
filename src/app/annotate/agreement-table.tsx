import { useMemo } from 'react';
import { raterName, sessionAgreement, sessionGroupAgreement, type Agreement, type AuAgreement, type ExpressionAgreement, type VaAgreement } from '../../core/annotation';
import { ACTION_UNITS, EXPRESSIONS } from '../../core/labels';
import type { Statistic } from '../../core/metrics';
import type { AnnotationTrack, SessionRecord } from '../../core/session';
import { commonFramesOf } from './agreement-format';
import { AgreementGroupRow } from './agreement-group-row';
import { Stat } from './agreement-stat';

const KIND_NAMES: Record<Agreement['kind'], string> = { va: 'valence–arousal', expression: 'expression', au: 'action units' };

function VaStats({ row }: { row: VaAgreement }) {
  const n = row.commonFrames;
  const both = (key: 'ccc' | 'pearson' | 'alpha'): Array<[string, Statistic]> => [['V', row.valence[key]], ['A', row.arousal[key]]];
  return (
    <>
      <Stat label="CCC" stats={both('ccc')} frames={n} testId="agreement-value" /> ·{' '}
      <Stat label="r" stats={both('pearson')} frames={n} testId="agreement-pearson" /> ·{' '}
      <Stat label="α (interval)" stats={both('alpha')} frames={n} testId="agreement-alpha" />
    </>
  );
}

function ExpressionStats({ row }: { row: ExpressionAgreement }) {
  const n = row.commonFrames;
  const classes = row.classesPresent.map((c) => EXPRESSIONS[c]).join(', ');
  return (
    <>
      <Stat label="accuracy" stats={[['', row.accuracy]]} frames={n} testId="agreement-accuracy" /> ·{' '}
      <Stat label="κ" stats={[['', row.kappa]]} frames={n} testId="agreement-kappa" /> ·{' '}
      <Stat label="α (nominal)" stats={[['', row.alpha]]} frames={n} testId="agreement-alpha" /> ·{' '}
      <Stat label="macro F1" stats={[['', row.macroF1]]} frames={n} testId="agreement-value" />{' '}
      <span className="muted" data-testid="agreement-classes">over the classes present{classes ? `: ${classes}` : ''}</span>
    </>
  );
}

function AuStats({ row }: { row: AuAgreement }) {
  const n = commonFramesOf(row);
  return (
    <>
      <Stat label="mean F1" stats={[['', row.meanF1]]} frames={n} testId="agreement-value" /> ·{' '}
      <Stat label="mean κ" stats={[['', row.meanKappa]]} frames={n} testId="agreement-kappa" />
      <details className="agreement-per-au">
        <summary>per AU</summary>
        {ACTION_UNITS.map((name, i) => {
          const s = row.perAu[i];
          return (
            <div key={name} data-testid="agreement-au" data-au={name}>
              {name} ({s.commonFrames} frames): <Stat label="F1" stats={[['', s.f1]]} frames={s.commonFrames} testId="agreement-au-f1" /> ·{' '}
              <Stat label="κ" stats={[['', s.kappa]]} frames={s.commonFrames} testId="agreement-au-kappa" />
            </div>
          );
        })}
      </details>
    </>
  );
}

/** Agreement of every annotator with the model and with each other, on the frames both cover (core/annotation sessionAgreement). */
export function AgreementTable({ session, tracks }: { session: SessionRecord; tracks: AnnotationTrack[] }) {
  const [rows, groups] = useMemo(() => {
    const input = { durationMs: session.durationMs, frames: session.frames, annotations: tracks };
    return [sessionAgreement(input), sessionGroupAgreement(input)];
  }, [session.durationMs, session.frames, tracks]);
  return (
    // on a phone the table scrolls sideways inside the panel (focusable, so keys scroll it) instead of widening the page
    <div className="annotate-agreement-scroll" tabIndex={0} role="region" aria-label="agreement table">
      <table className="annotate-agreement" data-testid="agreement">
        <thead>
          <tr><th>kind</th><th>pair</th><th title="frames of the video (30 fps for a recording) that both tracks cover: not the analysed frames the library counts">video frames</th><th>agreement</th></tr>
        </thead>
        <tbody>
          {rows.length === 0 && <tr><td colSpan={4} className="muted">No annotations yet.</td></tr>}
          {rows.map((row) => {
            const [a, b] = [raterName(row.a), raterName(row.b)];
            return (
              <tr key={`${row.kind}|${row.a.source}:${a}|${row.b.source}:${b}`} data-testid="agreement-row" data-kind={row.kind} data-a={a} data-b={b}>
                <td>{KIND_NAMES[row.kind]}</td>
                <td>{a} – {b}</td>
                <td className="num" data-testid="agreement-frames">{commonFramesOf(row)}</td>
                <td className="num">
                  {row.kind === 'va' ? <VaStats row={row} /> : row.kind === 'expression' ? <ExpressionStats row={row} /> : <AuStats row={row} />}
                </td>
              </tr>
            );
          })}
          {groups.map((group) => <AgreementGroupRow key={group.kind} group={group} kindName={KIND_NAMES[group.kind]} />)}
        </tbody>
      </table>
    </div>
  );
}
