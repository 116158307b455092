import type { ModelSource } from '../../../core/model/sources/types';
import type { ModelSummary } from '../../../core/model/sources/summary';
import { formatBytes, formatCount } from './format';

function sourceText(s: ModelSource): string {
  switch (s.kind) {
    case 'hub': return `Hugging Face Hub: ${s.id} (revision ${s.revision}) from ${s.host}`;
    case 'local': return `Local folder: ${s.name}`;
    case 'bundled': return `Bundled with the app: ${s.id}`;
    default: {
      const never: never = s;
      return String(never);
    }
  }
}

/** The loaded model at a glance, from config.json and the safetensors header. */
export function ModelSummaryView({ summary, source, fromCache }: { summary: ModelSummary; source: ModelSource; fromCache: boolean }) {
  const rows: [string, string][] = [
    ['Source', sourceText(source)],
    ['Architecture', `${summary.architecture} (model_type "${summary.modelType}")`],
    ['Layers', summary.structure ?? (summary.layers === undefined ? '—' : String(summary.layers))],
    ['Hidden size', summary.hidden === undefined ? '—' : String(summary.hidden)],
    ['Attention heads', summary.heads === undefined ? '—' : String(summary.heads)],
    ['Parameters', formatCount(summary.parameters)],
    ['Vocabulary', summary.vocab === undefined ? '—' : summary.vocab.toLocaleString('en-US')],
    ['Longest input', summary.maxLength === undefined ? '—' : `${summary.maxLength} tokens`],
    ['Size', `${formatBytes(summary.bytes)} (${Object.entries(summary.dtypes).map(([d, n]) => `${n} × ${d}`).join(', ')})`],
  ];
  return (
    <div className="card" data-testid="model-summary" data-model-type={summary.modelType} data-parameters={summary.parameters}>
      <h3>Loaded model {fromCache && <span className="muted" data-testid="model-from-cache">· from cache (no download)</span>}</h3>
      <table className="data-table">
        <tbody>
          {rows.map(([k, v]) => <tr key={k}><th scope="row">{k}</th><td>{v}</td></tr>)}
        </tbody>
      </table>
      {summary.checkpointLabels && (
        <p className="muted">The checkpoint has its own classifier for {summary.checkpointLabels.length} labels
          ({summary.checkpointLabels.slice(0, 6).join(', ')}{summary.checkpointLabels.length > 6 ? ', …' : ''}); it is kept
          when your task has the same number of classes, else a new head is initialised.</p>
      )}
      {!summary.supported && <p className="error" role="alert">model_type "{summary.modelType}" is not supported for training here.</p>}
    </div>
  );
}
