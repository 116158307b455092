import type { LoadReport } from '../../../core/model/types';

const shape = (s: number[]) => `[${s.join(', ')}]`;

/** What loading the checkpoint does to every tensor: loaded, new, mis-shaped, unexpected, ignored. */
export function LoadReportView({ report }: { report: LoadReport }) {
  const newHead = report.initialised.filter((n) => /(^|\.)(classifier|pre_classifier|pooler)\./.test(n));
  const newOther = report.initialised.filter((n) => !newHead.includes(n));
  return (
    <div className="card" data-testid="load-report" data-loaded={report.loaded.length} data-initialised={report.initialised.length}
      data-unexpected={report.unexpected.length} data-mismatched={report.mismatched.length}>
      <h3>Weights</h3>
      <ul className="check-list">
        <li>✔ {report.loaded.length} tensors loaded from the checkpoint
          {Object.keys(report.sourceDtypes).length > 0 && ` (${Object.entries(report.sourceDtypes).map(([d, n]) => `${n} × ${d}`).join(', ')}, trained in float32)`}</li>
        {newHead.length > 0 && <li data-testid="new-head">✚ New head initialised: {newHead.join(', ')} — trained from scratch for your labels.</li>}
        {newOther.length > 0 && (
          <li className="warning">⚠ {newOther.length} encoder tensors are missing from the checkpoint and start random: {newOther.slice(0, 8).join(', ')}{newOther.length > 8 ? ', …' : ''}</li>
        )}
        {report.mismatched.map((m) => (
          <li key={m.name}>↻ {m.checkpointName} has shape {shape(m.got)}, the model needs {shape(m.expected)}: re-initialised.</li>
        ))}
        {report.unexpected.length > 0 && (
          <li>○ {report.unexpected.length} checkpoint tensors are not used (e.g. a pre-training head): {report.unexpected.slice(0, 5).map((u) => u.name).join(', ')}{report.unexpected.length > 5 ? ', …' : ''}</li>
        )}
        {report.ignored.length > 0 && <li className="muted">{report.ignored.length} buffers skipped on purpose ({report.ignored.join(', ')}).</li>}
      </ul>
      <p className="muted">The head's final size follows your dataset's labels when training starts.</p>
    </div>
  );
}
