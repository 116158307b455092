/**
 * "Check your backends": runs the same BERT training step on every tfjs backend this browser offers, each
 * in its own Worker, and shows whether each one computes the same logits and gradients as the cpu
 * backend, how fast a step is, and whether memory (tensor count) stays flat over training steps.
 */
import { useState } from 'react';
import { BACKEND_NAMES, type BackendName } from '../../core/model/backends';
import {
  BUILTIN_CONFIG, compareWithCpu, fixedBatch, runCheck, speedBatch, SPEED_SHAPES, summarize, type BackendReport,
} from './checks';

const TOLERANCE = 1e-4;

interface ModelChoice { label: string; config: Record<string, unknown>; weights: ArrayBuffer | null }

async function modelFromUrl(params: URLSearchParams): Promise<ModelChoice> {
  const repo = params.get('repo');
  const shape = params.get('shape');
  if (shape && SPEED_SHAPES[shape]) return { label: `${shape} shapes (random weights)`, config: SPEED_SHAPES[shape], weights: null };
  if (!repo) return { label: 'built-in tiny BERT (random weights)', config: BUILTIN_CONFIG, weights: null };
  const hub = params.get('hub') ?? 'https://huggingface.co';
  const get = async (file: string) => {
    const res = await fetch(`${hub}/${repo}/resolve/main/${file}`);
    if (!res.ok) throw new Error(`${repo}/${file}: HTTP ${res.status}`);
    return res;
  };
  const config = await (await get('config.json')).json() as Record<string, unknown>;
  const weights = await (await get('model.safetensors')).arrayBuffer();
  return { label: repo, config, weights };
}

function fmt(x: number | undefined, digits = 1): string {
  return x === undefined ? '—' : x < 1e-3 && x !== 0 ? x.toExponential(1) : x.toFixed(digits);
}

function verdict(r: BackendReport): string {
  if (!r.ok) return `failed: ${r.error}`;
  if (r.leaked) return `leaks ${r.leaked} tensors per run`;
  if (r.maxLogitDiff !== undefined && (r.maxLogitDiff > TOLERANCE || (r.maxGradDiff ?? 0) > TOLERANCE)) return 'differs from cpu';
  return 'OK';
}

/** WebGPU: the adapter; wasm: how many threads, and why only one when that is so. */
function deviceLabel(r: BackendReport): string {
  const res = r.result;
  if (!res) return '—';
  if (res.adapter) return res.adapter;
  if (!res.threads) return res.active;
  return `${res.active} (${res.threads} thread${res.threads > 1 ? 's' : ''})${res.threadsNote ? ` — ${res.threadsNote}` : ''}`;
}

export function DiagnosticsPage() {
  const params = new URLSearchParams(location.search);
  const wanted = (params.get('backends')?.split(',') ?? BACKEND_NAMES).filter((b): b is BackendName => BACKEND_NAMES.includes(b as BackendName));
  const steps = Number(params.get('steps') ?? 5);
  const [reports, setReports] = useState<BackendReport[]>([]);
  const [status, setStatus] = useState('Not run yet.');
  const [running, setRunning] = useState(false);

  async function run() {
    setRunning(true);
    setReports([]);
    try {
      setStatus('Loading the model…');
      const model = await modelFromUrl(params);
      // cpu first: it is the reference the others are compared with (leave it out for pure speed runs).
      const order: BackendName[] = wanted.includes('cpu') ? ['cpu', ...wanted.filter((b) => b !== 'cpu')] : wanted;
      const batchSize = Number(params.get('batch') ?? 0);
      const batch = batchSize > 0 ? speedBatch(batchSize, Number(params.get('seq') ?? 128)) : fixedBatch();
      const done: BackendReport[] = [];
      let cpu: BackendReport['result'];
      for (const backend of order) {
        setStatus(`Checking ${backend} with ${model.label}…`);
        let report: BackendReport;
        try {
          const result = await runCheck({
            backend, config: model.config, weights: model.weights ? model.weights.slice(0) : null,
            task: 'single_label_classification', numLabels: 2, batch, steps, wasmThreads: params.get('threads') === 'broken' ? 'simulate-failure' : params.get('threads') !== '0',
          });
          // A WebGPU error means dropped work: the numbers may look fine and still be wrong.
          report = result.deviceErrors.length
            ? { backend, ok: false, result, error: `${backend} reported errors: ${result.deviceErrors.slice(0, 3).join('; ')}` }
            : { backend, ok: true, result };
          if (backend === 'cpu') cpu = result;
        } catch (e) {
          report = { backend, ok: false, error: (e as Error).message };
        }
        done.push(compareWithCpu(report, backend === 'cpu' ? undefined : cpu));
        setReports([...done]);
      }
      setStatus(`Done: ${done.filter((r) => verdict(r) === 'OK').length} of ${done.length} backends OK.`);
    } catch (e) {
      setStatus(`Could not run the checks: ${(e as Error).message}`);
    } finally {
      setRunning(false);
    }
  }

  return (
    <div className="app diagnostics">
      <header className="app-header">
        <h1>Check your backends</h1>
        <p className="tagline"><a href="./" data-testid="back-to-studio">← Back to FineTune Studio</a></p>
      </header>
      <main>
      <p>
        Runs one BERT training step on each compute backend in a background worker and compares its logits and
        gradients with the cpu backend (which matches PyTorch). Nothing leaves this page.
      </p>
      <button type="button" onClick={run} disabled={running}>Run checks</button>
      <p role="status">{status}</p>
      <table className="data-table">
        <thead>
          <tr>
            <th>Backend</th><th>Result</th><th>Device</th><th>First step</th><th>Step</th>
            <th>max |Δ logits| vs cpu</th><th>max |Δ gradient| vs cpu</th><th>Tensors leaked</th>
          </tr>
        </thead>
        <tbody>
          {reports.map((r) => (
            <tr key={r.backend} data-backend={r.backend}>
              <td>{r.backend}</td>
              <td>{verdict(r)}</td>
              <td>{deviceLabel(r)}</td>
              <td>{fmt(r.result?.firstStepMs, 0)} ms</td>
              <td>{fmt(r.result?.msPerStep, 0)} ms</td>
              <td>{r.backend === 'cpu' ? 'reference' : fmt(r.maxLogitDiff)}</td>
              <td>{r.backend === 'cpu' ? 'reference' : fmt(r.maxGradDiff)}</td>
              <td>{r.leaked ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <details>
        <summary>Raw results</summary>
        <pre data-testid="diagnostics-json">{JSON.stringify(summarize(reports), null, 1)}</pre>
      </details>
      </main>
    </div>
  );
}
