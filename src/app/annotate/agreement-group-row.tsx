import { raterName, type GroupAgreement } from '../../core/annotation';
import { ACTION_UNITS } from '../../core/labels';
import { Stat } from './agreement-stat';

/** Krippendorff's alpha over all annotators of a kind (three or more; core/annotation sessionGroupAgreement). */
export function AgreementGroupRow({ group, kindName }: { group: GroupAgreement; kindName: string }) {
  const n = group.pairableFrames;
  const names = group.raters.map(raterName).join(', ');
  return (
    <tr data-testid="agreement-group" data-kind={group.kind} data-raters={names}>
      <td>{kindName}</td>
      <td>{names} (all annotators)</td>
      <td className="num" data-testid="agreement-frames" title="frames rated by at least two of them">{n}</td>
      <td className="num">
        {group.kind === 'va' && <Stat label="α (interval)" stats={[['V', group.valenceAlpha], ['A', group.arousalAlpha]]} frames={n} testId="agreement-alpha" />}
        {group.kind === 'expression' && <Stat label="α (nominal)" stats={[['', group.alpha]]} frames={n} testId="agreement-alpha" />}
        {group.kind === 'au' && (
          <>
            <Stat label="mean α (nominal)" stats={[['', group.meanAlpha]]} frames={n} testId="agreement-alpha" />
            <details className="agreement-per-au">
              <summary>per AU</summary>
              {ACTION_UNITS.map((name, i) => (
                <div key={name} data-testid="agreement-au" data-au={name}>
                  {name}: <Stat label="α" stats={[['', group.perAuAlpha[i]]]} frames={n} testId="agreement-au-alpha" />
                </div>
              ))}
            </details>
          </>
        )}
      </td>
    </tr>
  );
}
