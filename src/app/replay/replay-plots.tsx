import { useMemo } from 'react';
import type { SessionRecord } from '../../core/session';
import { AffectPlots } from '../components/affect-plots';
import { lastFrameAtOrBefore, nearestFrameIndex, samplesUpTo } from './timeline';

/**
 * The live page's plots for the recorded frames at `currentTimeMs`: the circumplex trail over the
 * frames up to that time (and up to the nearest frame), bars for the frame nearest it. No "last 30 s" series: the session
 * timeline under the video shows the whole session (SessionTimeline).
 */
export function ReplayPlots({ session, currentTimeMs }: { session: SessionRecord; currentTimeMs: number }) {
  const { frames } = session;
  const index = nearestFrameIndex(frames, currentTimeMs);
  const endIndex = lastFrameAtOrBefore(frames, currentTimeMs);
  // the trail ends at the frame the bars show (the nearest one), so at 0:00, before the first analysed frame's time,
  // the circumplex already has that frame's dot; recomputed only when playback reaches another frame
  const trailEnd = Math.max(index, endIndex);
  const samples = useMemo(() => samplesUpTo(frames, trailEnd), [frames, trailEnd]);
  const frame = index >= 0 ? frames[index] : null;
  const prediction = frame?.faceFound ? frame.prediction : null;
  return (
    <div className={`replay-plots${session.model.trained ? '' : ' untrained'}`}>
      {!session.model.trained && <div className="watermark">untrained network — not a prediction</div>}
      <div className="muted small" data-testid="replay-frame" data-index={index} data-media-time-ms={frame?.mediaTimeMs ?? ''}>
        {frame ? `frame ${index + 1} of ${frames.length} · ${(frame.mediaTimeMs / 1000).toFixed(3)} s` : `no analysed frame here (${frames.length} in the session)`}
      </div>
      <AffectPlots prediction={prediction} samples={samples} derived={session.model.derivedOutputs} auThresholds={session.model.actionUnitThresholds} testIdPrefix="replay-" history={false} />
    </div>
  );
}
