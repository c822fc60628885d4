import type { ModelSummary } from '../../workers/protocol';
import { ORIGIN_WORDS, outputOrigin } from '../../core/derived-outputs';
import { heldOutRows } from './held-out';

/** Which network runs, what it was trained on, under which licence, and how well it does on data it never saw. */
export function ModelPanel({ model }: { model: ModelSummary | null }) {
  if (!model) return <section className="panel model" aria-label="Model"><h2>Model</h2><p className="muted">loading…</p></section>;
  const { rows, measuredWith } = heldOutRows(model.heldOutMetrics);
  return (
    <section className="panel model" data-testid="model-panel" aria-label="Model">
      <h2>Model</h2>
      <div className="kv"><span>name</span><strong data-testid="model-name">{model.name}</strong></div>
      {!model.trained && <div className="badge untrained" data-testid="untrained-badge">UNTRAINED — not a prediction of affect</div>}
      <div className="kv"><span>architecture</span><span>{model.architecture} × {model.widthMultiplier}{model.audioWidthMultiplier !== model.widthMultiplier ? ` (audio × ${model.audioWidthMultiplier})` : ''}</span></div>
      <div className="kv"><span>data</span><span>{model.data}</span></div>
      <div className="kv"><span>licence</span><span>{model.licence}</span></div>
      <h3 className="small">Held-out results</h3>
      {rows.length === 0 ? (
        <p className="small muted" data-testid="held-out-none">none measured</p>
      ) : (
        <table className="held-out small" data-testid="held-out">
          <thead><tr><th scope="col">data set</th><th scope="col">metric</th><th scope="col" className="num">value</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-key={r.key}><td>{r.dataSet}</td><td>{r.metric}</td><td className="num">{r.value}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      {measuredWith && <p className="muted small" data-testid="held-out-how">How measured: {measuredWith}, on data the model never saw in training.</p>}
      {(['actionUnits', 'valenceArousal'] as const).map((output) => {
        const origin = outputOrigin(model.derivedOutputs, output);
        if (origin === 'labels') return null;
        return (
          <p className="small" key={output} data-testid={`model-derived-${output}`} data-origin={origin}>
            <strong>
              {output === 'actionUnits' ? 'Action units' : 'Valence/arousal'}:{' '}
              {ORIGIN_WORDS[origin].sentence}
            </strong>{' '}
            {model.derivedOutputs[output]}
          </p>
        );
      })}
      {model.notes && <p className="muted small">{model.notes}</p>}
    </section>
  );
}
