import { useMemo } from 'react';
import { ACTION_UNIT_NAMES, ACTION_UNITS, EXPRESSIONS } from '../../core/labels';
import type { SessionRecord } from '../../core/session';
import { Bars } from '../components/Bars';
import { Circumplex } from '../components/Circumplex';
import { TimeSeries } from '../components/TimeSeries';
import { lastFrameAtOrBefore, nearestFrameIndex, samplesUpTo } from './timeline';

/**
 * The live page's plots for the recorded frames at `currentTimeMs`: circumplex trail and 30 s time
 * series over the frames up to that time, bars for the frame nearest it.
 */
export function ReplayPlots({ session, currentTimeMs }: { session: SessionRecord; currentTimeMs: number }) {
  const { frames } = session;
  const index = nearestFrameIndex(frames, currentTimeMs);
  const endIndex = lastFrameAtOrBefore(frames, currentTimeMs);
  // recomputed only when playback reaches another frame, not on every clock tick
  const samples = useMemo(() => samplesUpTo(frames, endIndex), [frames, endIndex]);
  const frame = index >= 0 ? frames[index] : null;
  const prediction = frame?.faceFound ? frame.prediction : null;
  const auItems = prediction
    ? ACTION_UNITS.map((au, i) => ({ label: au, title: ACTION_UNIT_NAMES[au], value: prediction.actionUnitProbabilities[i] }))
    : null;
  const exprItems = prediction ? EXPRESSIONS.map((e, i) => ({ label: e, value: prediction.expressionProbabilities[i] })) : null;

  return (
    <div className={`replay-plots${session.model.trained ? '' : ' untrained'}`}>
      {!session.model.trained && <div className="watermark">untrained network — not a prediction</div>}
      <div className="muted small" data-testid="replay-frame" data-index={index} data-media-time-ms={frame?.mediaTimeMs ?? ''}>
        {frame ? `frame ${index + 1} of ${frames.length} · ${(frame.mediaTimeMs / 1000).toFixed(3)} s` : `no analysed frame here (${frames.length} in the session)`}
      </div>
      <div className="row">
        <div>
          <h2>Valence – arousal</h2>
          <Circumplex samples={samples} hasFace={prediction !== null} />
          <div className="va-readout" data-testid="replay-va-readout">
            {prediction ? `valence ${prediction.valence.toFixed(2)} · arousal ${prediction.arousal.toFixed(2)}` : 'no face'}
          </div>
        </div>
        <div className="grow">
          <h2>Action units</h2>
          <Bars items={auItems} testId="replay-au-bars" />
          <h2>Expression</h2>
          <Bars items={exprItems} testId="replay-expression-bars" highlightMax />
        </div>
      </div>
      <h2>Last 30 s</h2>
      <TimeSeries samples={samples} />
    </div>
  );
}
