import { ACTION_UNIT_NAMES, ACTION_UNITS, EXPRESSIONS, type AffectPrediction } from '../../core/labels';
import { auThresholdsOf, DEFAULT_AU_THRESHOLDS, type ActionUnitThresholds } from '../../core/au';
import { ORIGIN_WORDS, outputOrigin, type NonLabelOutput } from '../../core/derived-outputs';
import type { DerivedOutputs } from '../../model/manifest';
import type { AffectSample } from '../pipeline/history';
import { Bars, EMPTY_TEXT, type EmptyState } from './bars';
import { Circumplex } from './circumplex';
import { TimeSeries } from './time-series';

/**
 * The outputs as the live page and the replay show them: circumplex with trail, valence/arousal
 * read-out, AU and expression bars of `prediction` ("no face" when null), the last 30 s of `samples`.
 * `testIdPrefix` keeps the live ('') and replay ('replay-') read-outs apart when both are on screen.
 * `derived` marks the outputs the model did not learn from human labels: derived targets, or another model's
 * measurements (see the model card).
 * `measuredActionUnits` (8 activations ∈ [0, 1], ACTION_UNITS order; null = no face; absent = not shown) are the
 * landmarker's own AUs, drawn beside the network's so the two can be compared.
 */
export function AffectPlots({
  prediction,
  samples,
  testIdPrefix = '',
  derived = {},
  measuredActionUnits,
  auThresholds,
  emptyState = 'no-face',
  history = true,
}: {
  prediction: AffectPrediction | null;
  samples: AffectSample[];
  testIdPrefix?: string;
  derived?: DerivedOutputs;
  measuredActionUnits?: number[] | null;
  /** the model's AU thresholds (ModelManifest.actionUnitThresholds); null or absent: 0.5 for every AU */
  auThresholds?: readonly number[] | null;
  /** what the plots say without a prediction: no face in view, or a face waiting for the model's first output */
  emptyState?: EmptyState;
  /** false: no "last 30 s" series (the replay shows the whole session on its timeline instead) */
  history?: boolean;
}) {
  const auItems = prediction ? auBarItems(prediction.actionUnitProbabilities, auThresholdsOf(auThresholds)) : null;
  const exprItems = prediction ? EXPRESSIONS.map((e, i) => ({ label: e, value: prediction.expressionProbabilities[i] })) : null;
  const withMeasured = measuredActionUnits !== undefined;
  return (
    <>
      <div className="affect-grid">
        <div>
          <h2>Valence – arousal <OriginTag outputs={derived} output="valenceArousal" testId={`${testIdPrefix}derived-va`} /></h2>
          <Circumplex samples={samples} hasFace={prediction !== null} />
          <div className="va-readout" data-testid={`${testIdPrefix}va-readout`}>
            {prediction ? `valence ${prediction.valence.toFixed(2)} · arousal ${prediction.arousal.toFixed(2)}` : EMPTY_TEXT[emptyState]}
          </div>
        </div>
        <div>
          <div className="au-columns">
            <div>
              <h2>{withMeasured ? 'AUs — network' : 'Action units'} <OriginTag outputs={derived} output="actionUnits" testId={`${testIdPrefix}derived-au`} /></h2>
              <Bars items={auItems} testId={`${testIdPrefix}au-bars`} emptyState={emptyState} />
            </div>
            {withMeasured && (
              <div>
                <MeasuredAus activations={measuredActionUnits} testIdPrefix={testIdPrefix} emptyState={emptyState} />
              </div>
            )}
          </div>
          <h2>Expression</h2>
          <Bars items={exprItems} testId={`${testIdPrefix}expression-bars`} highlightMax emptyState={emptyState} />
        </div>
      </div>
      {history && (
        <>
          <h2>Valence and arousal, last 30 s</h2>
          <TimeSeries samples={samples} />
        </>
      )}
      <OutputsLegend derived={derived} measured={withMeasured} />
    </>
  );
}

/** Where each output comes from, in words, under the plots (the tags in the headings are its short form). */
function OutputsLegend({ derived, measured }: { derived: DerivedOutputs; measured: boolean }) {
  const named = (origin: 'derived' | 'measured') =>
    (['valenceArousal', 'actionUnits'] as const).filter((o) => outputOrigin(derived, o) === origin).map((o) => OUTPUT_NAMES[o]);
  const derivedNames = named('derived');
  const measuredNames = named('measured');
  return (
    <p className="legend muted small" data-testid="outputs-legend">
      Expression: learned from human labels.
      {measuredNames.length > 0 && <> <strong>Measured targets</strong> ({measuredNames.join(', ')}): learned from another model&apos;s measurement of the training faces (MediaPipe&apos;s blendshapes), not from annotated labels; see the model panel.</>}
      {derivedNames.length > 0 && <> <strong>Derived targets</strong> ({derivedNames.join(', ')}): learned from targets derived from the expression labels, not from annotated labels; see the model panel.</>}
      {measured && <> <strong>Measured</strong> AUs: MediaPipe&apos;s blendshapes, mapped to AUs by a documented table.</>}
    </p>
  );
}

const OUTPUT_NAMES: Record<NonLabelOutput, string> = { valenceArousal: 'valence/arousal', actionUnits: 'the network\'s AUs' };

/** Origin of the output's targets when not human labels, next to its heading; the explanation on hover and below. */
function OriginTag({ outputs, output, testId }: { outputs: DerivedOutputs; output: NonLabelOutput; testId: string }) {
  const origin = outputOrigin(outputs, output);
  if (origin === 'labels') return null;
  const sentence = ORIGIN_WORDS[origin].sentence;
  const lead = sentence[0].toUpperCase() + sentence.slice(1);
  return (
    <span className={`badge derived ${origin}`} data-testid={testId} data-origin={origin} title={`${lead} ${outputs[output]}`}>
      {ORIGIN_WORDS[origin].tag}
    </span>
  );
}

/** One bar per AU of ACTION_UNITS, `values` in that order, ∈ [0, 1], each marked where it counts as present. */
const auBarItems = (values: number[], thresholds: ActionUnitThresholds) =>
  ACTION_UNITS.map((au, i) => ({ label: au, title: ACTION_UNIT_NAMES[au], value: values[i], threshold: thresholds[i] }));

const MEASURED_AU_NOTE =
  'Measured by another model: MediaPipe Face Landmarker blendshapes, mapped to AUs by a documented table ' +
  '(py-feat blendshape map; thresholds chosen on FER2013 faces, see MODEL_CARD.md). 0.5 = present. Not the network.';

/** The landmarker's AUs (its blendshapes mapped by src/core/au), labelled as a measurement by another model. */
/** Without activations: the same empty state as the network's bars (the landmarker loading, no camera, no face). */
function MeasuredAus({ activations, testIdPrefix, emptyState }: { activations: number[] | null; testIdPrefix: string; emptyState: EmptyState }) {
  return (
    <>
      <h2>
        AUs — landmarker{' '}
        <span className="badge derived measured" data-testid={`${testIdPrefix}measured-au-tag`} title={MEASURED_AU_NOTE}>
          measured
        </span>
      </h2>
      <Bars items={activations ? auBarItems(activations, DEFAULT_AU_THRESHOLDS) : null} testId={`${testIdPrefix}measured-au-bars`} emptyState={emptyState} />
    </>
  );
}
