/**
 * Storage in this browser: what each run and its checkpoints, each trained model and each downloaded model
 * takes, the browser's quota, and a delete button (with a confirm) for each. Read when opened and after every
 * deletion; the live run cannot be deleted.
 */
import { useCallback, useEffect, useState } from 'react';
import { deleteCachedModel, deleteCheckpoints, readStorageReport, type StorageReport } from '../../storage/usage';
import { deleteJob } from '../../storage/jobRecords';
import { deleteTrainedModel } from '../../storage/modelsStore';
import { storageEstimate } from '../../storage/modelCache';
import { useTrainingSession, useTrainingState } from '../hooks/useTrainingSession';
import { useStudioStore } from '../store/context';
import { announceStorageChange, onStorageChange } from '../storageEvents';
import { formatBytes } from './use/formatBytes';

const confirmed = (what: string) => window.confirm(`Delete ${what} from this browser? This cannot be undone.`);

function RunsTable({ report, liveJobId, act }: { report: StorageReport; liveJobId: string | null; act(f: () => Promise<void>): void }) {
  const session = useTrainingSession();
  if (report.runs.length === 0) return <p className="muted">No runs.</p>;
  return (
    <table className="data-table" data-testid="storage-runs">
      <thead><tr><th>Run</th><th>Status</th><th>Checkpoints</th><th>Size</th><th /></tr></thead>
      <tbody>
        {report.runs.map((r) => (
          <tr key={r.jobId} data-job-id={r.jobId} data-checkpoints={r.checkpoints.length} data-bytes={r.checkpointBytes}>
            <td>{r.name}</td><td>{r.status}</td>
            <td>{r.checkpoints.length === 0 ? 'none' : `${r.checkpoints.length} (step ${r.checkpoints.map((c) => c.step).join(', ')})`}</td>
            <td>{formatBytes(r.checkpointBytes)}</td>
            <td>
              <button type="button" disabled={r.jobId === liveJobId || r.checkpoints.length === 0} aria-label={`Delete the checkpoints of ${r.name}`}
                onClick={() => confirmed(`the ${r.checkpoints.length} checkpoints of "${r.name}" (it can no longer be resumed)`) && act(() => deleteCheckpoints(r.checkpoints.map((c) => c.id)))}>
                Delete checkpoints</button>{' '}
              <button type="button" disabled={r.jobId === liveJobId} aria-label={`Delete run ${r.name}`}
                onClick={() => confirmed(`the run "${r.name}" and its checkpoints (its trained model, if any, stays)`) && act(async () => { await deleteJob(r.jobId); session.forget(r.jobId); })}>
                Delete run</button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ModelsTables({ report, act }: { report: StorageReport; act(f: () => Promise<void>): void }) {
  const studio = useStudioStore();
  return (
    <>
      <h4>Trained and imported models</h4>
      {report.models.length === 0 ? <p className="muted">None.</p> : (
        <table className="data-table" data-testid="storage-models">
          <tbody>
            {report.models.map((m) => (
              <tr key={m.id} data-model-id={m.id} data-bytes={m.bytes}>
                <td>{m.name}{m.origin === 'imported' ? ' (imported)' : ''}</td><td>{formatBytes(m.bytes)}</td>
                <td><button type="button" aria-label={`Delete model ${m.name}`} onClick={() => confirmed(`the model "${m.name}" (downloaded copies are not affected)`) && act(async () => {
                  await deleteTrainedModel(m.id);
                  if (studio.get().trainedModelId === m.id) studio.set({ trainedModelId: null });
                })}>Delete</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4>Downloaded base models</h4>
      {report.cachedModels.length === 0 ? <p className="muted">None (the bundled model is served with the page).</p> : (
        <table className="data-table" data-testid="storage-cached-models">
          <tbody>
            {report.cachedModels.map((m) => (
              <tr key={m.name} data-bytes={m.bytes}>
                <td>{m.name}</td><td>{formatBytes(m.bytes)}</td>
                <td><button type="button" aria-label={`Delete downloaded ${m.name}`} onClick={() => confirmed(`the downloaded files of ${m.name} (it downloads again when chosen)`) && act(() => deleteCachedModel(m))}>Delete</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function StoragePanel() {
  const liveJobId = useTrainingState((s) => s.liveJobId);
  const [open, setOpen] = useState(false);
  const [report, setReport] = useState<StorageReport | null>(null);
  const [estimate, setEstimate] = useState<{ usage: number; quota: number } | undefined>();
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(async () => {
    setEstimate(await storageEstimate());
    if (open) setReport(await readStorageReport());
  }, [open]);
  useEffect(() => {
    void refresh().catch((e: unknown) => setError(`Could not read this browser's storage: ${(e as Error).message}`));
    return onStorageChange(() => void refresh());
  }, [refresh, liveJobId]);
  const act = (f: () => Promise<void>) => {
    setError(null);
    f().then(announceStorageChange, (e: unknown) => setError(`Could not delete: ${(e as Error).message}`));
  };
  return (
    <details className="card storage-panel" data-testid="storage-panel" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary data-testid="storage-summary" data-usage={estimate?.usage ?? ''} data-quota={estimate?.quota ?? ''}>
        Storage in this browser{estimate ? `: ${formatBytes(estimate.usage)} used of ${formatBytes(estimate.quota)} allowed (${((estimate.usage / estimate.quota) * 100).toFixed(1)} %)` : ''}
      </summary>
      {error && <p role="alert" className="error">{error}</p>}
      {open && report && (
        <div data-testid="storage-report">
          <p className="muted">Runs, checkpoints, models and datasets live in this browser only; a deletion takes effect at once, though the browser's usage figure above may fall only later (it reclaims the space in its own time).
            When a run ends its checkpoints are cleaned up: a finished run keeps only its best (its model is saved apart), a failed
            run its newest (to resume from), a cancelled run none.</p>
          <h4>Runs and their checkpoints</h4>
          <RunsTable report={report} liveJobId={liveJobId} act={act} />
          <ModelsTables report={report} act={act} />
          <p className="muted">Datasets: {report.datasets.length} ({report.datasets.reduce((n, d) => n + d.rowCount, 0).toLocaleString('en-US')} rows) — delete them in the Data stage&apos;s list.</p>
        </div>
      )}
    </details>
  );
}
