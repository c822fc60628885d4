import { ACTION_UNIT_NAMES, ACTION_UNITS, EXPRESSIONS, type AffectPrediction } from '../../core/labels';
import type { DerivedOutputs } from '../../model/manifest';
import type { AffectSample } from '../pipeline/history';
import { Bars } from './Bars';
import { Circumplex } from './Circumplex';
import { TimeSeries } from './TimeSeries';

/**
 * The outputs as the live page and the replay show them: circumplex with trail, valence/arousal
 * read-out, AU and expression bars of `prediction` ("no face" when null), the last 30 s of `samples`.
 * `testIdPrefix` keeps the live ('') and replay ('replay-') read-outs apart when both are on screen.
 * `derived` marks the outputs the model learned from derived targets, not annotations (see the model card).
 */
export function AffectPlots({
  prediction,
  samples,
  testIdPrefix = '',
  derived = {},
}: {
  prediction: AffectPrediction | null;
  samples: AffectSample[];
  testIdPrefix?: string;
  derived?: DerivedOutputs;
}) {
  const auItems = prediction
    ? ACTION_UNITS.map((au, i) => ({ label: au, title: ACTION_UNIT_NAMES[au], value: prediction.actionUnitProbabilities[i] }))
    : null;
  const exprItems = prediction ? EXPRESSIONS.map((e, i) => ({ label: e, value: prediction.expressionProbabilities[i] })) : null;
  return (
    <>
      <div className="row">
        <div>
          <h2>Valence – arousal <DerivedTag text={derived.valenceArousal} testId={`${testIdPrefix}derived-va`} /></h2>
          <Circumplex samples={samples} hasFace={prediction !== null} />
          <div className="va-readout" data-testid={`${testIdPrefix}va-readout`}>
            {prediction ? `valence ${prediction.valence.toFixed(2)} · arousal ${prediction.arousal.toFixed(2)}` : 'no face'}
          </div>
        </div>
        <div className="grow">
          <h2>Action units <DerivedTag text={derived.actionUnits} testId={`${testIdPrefix}derived-au`} /></h2>
          <Bars items={auItems} testId={`${testIdPrefix}au-bars`} />
          <h2>Expression</h2>
          <Bars items={exprItems} testId={`${testIdPrefix}expression-bars`} highlightMax />
        </div>
      </div>
      <h2>Last 30 s</h2>
      <TimeSeries samples={samples} />
    </>
  );
}

/** "derived" next to a heading whose output was trained on derived targets; the explanation on hover and below. */
function DerivedTag({ text, testId }: { text: string | undefined; testId: string }) {
  if (!text) return null;
  return (
    <span className="badge derived" data-testid={testId} title={text}>
      derived targets, not annotated labels
    </span>
  );
}
