import type { BackendChoice, SkippedBackend } from '../../workers/protocol';
import type { StageName } from '../pipeline/stats';

const STAGE_LABELS: [StageName, string][] = [
  ['landmarksMs', 'landmarks'],
  ['alignmentMs', 'alignment'],
  ['spectrogramMs', 'spectrogram'],
  ['modelMs', 'model'],
  ['totalMs', 'total: capture → prediction'],
];
const CHOICES: BackendChoice[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

export interface StatsPanelProps {
  fps: number;
  medians: Record<StageName, number>;
  backend: string | null;
  backendChoice: BackendChoice;
  skipped: SkippedBackend[];
  onBackend: (choice: BackendChoice) => void;
  /** why the camera is not analysed now (the figures are then from before), or null */
  pausedBecause?: string | null;
}

export function StatsPanel({ fps, medians, backend, backendChoice, skipped, onBackend, pausedBecause = null }: StatsPanelProps) {
  return (
    <section className="panel stats" aria-label="Performance">
      <h2>Performance</h2>
      <p className="muted small">Median of recent frames. The stages overlap in two workers, so the total (from camera frame to its prediction on screen) is not their sum.</p>
      {pausedBecause && (
        <p className="small" data-testid="stats-paused">Camera analysis paused ({pausedBecause}): the stage times are from before the pause.</p>
      )}
      <div className="kv"><span>frames/s</span><strong data-testid="fps">{pausedBecause ? 'paused' : fps.toFixed(1)}</strong></div>
      {STAGE_LABELS.map(([key, label]) => (
        <div className="kv" key={key}>
          <span>{label}</span>
          <span data-testid={`stage-${key}`}>{Number.isFinite(medians[key]) ? `${medians[key].toFixed(1)} ms` : '–'}</span>
        </div>
      ))}
      <label className="kv">
        <span>backend (TensorFlow.js)</span>
        <select value={backendChoice} onChange={(e) => onBackend(e.target.value as BackendChoice)} data-testid="backend-select">
          {CHOICES.map((c) => <option key={c} value={c}>{c === 'auto' ? `auto${backend ? ` (${backend})` : ''}` : c}</option>)}
        </select>
      </label>
      <div className="kv"><span>in use</span><strong data-testid="backend">{backend ?? 'loading…'}</strong></div>
      {skipped.length > 0 && (
        <details className="skipped" data-testid="skipped-backends">
          <summary>{skipped.length} backend(s) skipped</summary>
          <ul>{skipped.map((s) => <li key={s.name}><strong>{s.name}</strong>: {s.reason}</li>)}</ul>
        </details>
      )}
    </section>
  );
}
