import type { ModelSummary } from '../../workers/protocol';

/** Which network runs, what it was trained on, under which licence, and how well it does. */
export function ModelPanel({ model }: { model: ModelSummary | null }) {
  if (!model) return <section className="panel model"><h2>Model</h2><p className="muted">loading…</p></section>;
  const metrics = model.heldOutMetrics ? Object.entries(model.heldOutMetrics) : [];
  return (
    <section className="panel model" data-testid="model-panel">
      <h2>Model</h2>
      <div className="kv"><span>name</span><strong data-testid="model-name">{model.name}</strong></div>
      {!model.trained && <div className="badge untrained" data-testid="untrained-badge">UNTRAINED — not a prediction of affect</div>}
      <div className="kv"><span>architecture</span><span>{model.architecture} × {model.widthMultiplier}</span></div>
      <div className="kv"><span>data</span><span>{model.data}</span></div>
      <div className="kv"><span>licence</span><span>{model.licence}</span></div>
      <div className="kv"><span>held-out</span><span>{metrics.length ? metrics.map(([k, v]) => `${k}: ${v}`).join(', ') : 'none'}</span></div>
      {Object.entries(model.derivedOutputs).map(([output, how]) => (
        <p className="small" key={output} data-testid={`model-derived-${output}`}>
          <strong>{output === 'actionUnits' ? 'Action units' : 'Valence/arousal'}: derived targets, not annotated labels.</strong> {how}
        </p>
      ))}
      {model.notes && <p className="muted small">{model.notes}</p>}
    </section>
  );
}
