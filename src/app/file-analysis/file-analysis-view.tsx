import { useMemo } from 'react';
import { AffectPlots } from '../components/affect-plots';
import { ModelInputs } from '../components/model-inputs';
import { useScrollIntoView } from '../components/use-scroll-into-view';
import { formatReplayTime } from '../replay/replay-controls';
import { FramePreview } from './frame-preview';
import type { FileAnalysisState } from './use-file-analysis';

function formatLeft(ms: number | null): string {
  if (ms === null) return '…';
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A video file under analysis: progress, pause, seek (a jump that resets the recurrent state), and the live page's plots. */
export function FileAnalysisView({ state, onReplay }: { state: FileAnalysisState; onReplay: (sessionId: string) => void }) {
  const { analysis, snapshot, savedSessionId } = state;
  const face = snapshot?.face ?? null;
  const predicted = snapshot?.prediction ?? null;
  const prediction = face && face.status !== 'no-face' ? predicted?.prediction ?? null : null;
  const samples = useMemo(() => analysis?.history.recent() ?? [], [analysis, predicted]);
  const panel = useScrollIntoView<HTMLElement>(analysis);
  if (!snapshot) return null;
  const info = snapshot.info;
  const durationMs = info?.durationMs ?? 0;
  const active = snapshot.phase === 'running' || snapshot.phase === 'paused';
  const realTimeFactor = info && snapshot.fps > 0 ? snapshot.fps / info.frameRateHz : null;
  const untrained = snapshot.model ? !snapshot.model.trained : false;
  const error = snapshot.error ?? state.error;
  return (
    <section
      ref={panel} tabIndex={-1} aria-label="Video file analysis"
      className="panel file-panel" data-testid="file-analysis" data-phase={snapshot.phase} data-frames-analysed={snapshot.framesAnalysed}
      data-frame-count={info?.frameCount ?? ''} data-session-id={savedSessionId ?? ''} data-seeks={snapshot.seeks}
      data-current-ms={snapshot.currentTimeMs}
    >
      <div className="replay-header">
        <h2>Video file · {info?.fileName ?? (snapshot.phase === 'failed' ? 'could not be opened' : 'opening…')}</h2>
        {active && (
          <button onClick={() => (snapshot.phase === 'paused' ? analysis?.resume() : analysis?.pause())} data-testid="file-pause" data-state={snapshot.phase}>
            {snapshot.phase === 'paused' ? 'Resume' : 'Pause'}
          </button>
        )}
        {savedSessionId && <button onClick={() => onReplay(savedSessionId)} data-testid="file-replay">Replay &amp; annotate</button>}
        <button onClick={state.close} data-testid="file-close">{active || snapshot.phase === 'loading' ? 'Stop' : 'Close'}</button>
      </div>
      {error && <p className="message error" data-testid="file-error">{error}</p>}
      {snapshot.audio !== 'decoded' && snapshot.audio !== 'decoding' && <p className="message info" data-testid="file-audio-note">Soundtrack: {snapshot.audio}</p>}
      {snapshot.phase === 'failed' && !info ? null : (<>
      <label className="file-bar-label small">Analysed
        <progress className="file-progress" max={durationMs || 1} value={Math.min(snapshot.currentTimeMs, durationMs)} data-testid="file-progress" />
      </label>
      <div className="muted small" data-testid="file-status">
        {snapshot.phase === 'loading' ? 'Starting the pipeline and reading the file…' : (
          <>
            {snapshot.framesAnalysed} of {info?.frameCount ?? '?'} frames · {formatReplayTime(snapshot.currentTimeMs)} / {formatReplayTime(durationMs)} ·{' '}
            <span data-testid="file-fps">{snapshot.fps.toFixed(1)}</span> frames/s{realTimeFactor !== null && ` (${realTimeFactor.toFixed(2)}× real time)`} ·{' '}
            {snapshot.phase === 'done' ? 'done' : `${formatLeft(snapshot.remainingMs)} left`} · {snapshot.backend ?? ''}
            {snapshot.seeks > 0 && ` · ${snapshot.seeks} seek(s): the recurrent state restarted at each`}
            {savedSessionId && ' · saved in the library'}
          </>
        )}
      </div>
      <label className="file-bar-label small">Jump to
      <input
        type="range" className="replay-seek file-seek" min={0} max={durationMs} step={1} value={Math.min(snapshot.currentTimeMs, durationMs)} disabled={!active}
        onChange={(e) => analysis?.seek(Number(e.target.value))} aria-label="jump to a time in the file, ms (resets the recurrent state)" data-testid="file-seek"
      />
      </label>
      <div className="replay-body">
        <div>
          <FramePreview face={face} frameCanvas={state.setPreviewCanvas} />
          <ModelInputs face={face} predicted={predicted} audioActive={predicted?.audioActive ?? false} />
        </div>
        <div className={`file-plots${untrained ? ' untrained' : ''}`} data-testid="file-outputs" data-predictions={snapshot.framesAnalysed}>
          {untrained && <div className="watermark">untrained network — not a prediction</div>}
          <AffectPlots prediction={prediction} samples={samples} testIdPrefix="file-" derived={snapshot.model?.derivedOutputs} auThresholds={snapshot.model?.actionUnitThresholds} />
        </div>
      </div>
      </>)}
    </section>
  );
}
