import type { JobRecord } from '../../../storage/jobRecords';

interface Props {
  jobs: JobRecord[];
  liveJobId: string | null;
  viewedJobId: string | null;
  compareIds: string[];
  canResume: boolean;
  onView: (id: string) => void;
  onToggleCompare: (id: string) => void;
  onResume: (id: string) => void;
}

function lastMetric(job: JobRecord): string {
  const v = job.history.validation.at(-1);
  if (!v) return '—';
  const [name, value] = Object.entries(v.metrics)[0] ?? ['loss', v.loss];
  return `${name} ${value.toFixed(3)}`;
}

/**
 * Every job in this browser with its status. Interrupted runs (and failed ones that wrote a checkpoint, e.g.
 * after the disk filled up) can resume from their last checkpoint.
 */
export function RunsList({ jobs, liveJobId, viewedJobId, compareIds, canResume, onView, onToggleCompare, onResume }: Props) {
  if (jobs.length === 0) return <p className="runs-empty" data-testid="runs-empty">No runs yet.</p>;
  return (
    <table className="runs-list" data-testid="runs-list">
      <thead>
        <tr><th scope="col">run</th><th scope="col">status</th><th scope="col">step</th><th scope="col">last validation</th><th scope="col">started</th><th scope="col">compare</th><th scope="col" /></tr>
      </thead>
      <tbody>
        {jobs.map((j) => (
          <tr key={j.id} data-testid="run-row" data-job-id={j.id} data-status={j.status} aria-selected={j.id === viewedJobId}
            className={j.id === viewedJobId ? 'selected' : undefined}>
            <td><button type="button" className="link" onClick={() => onView(j.id)}>{j.spec.name || j.id}</button></td>
            <td data-testid="run-status" title={j.message}>{j.id === liveJobId && j.status === 'running' ? 'running…' : j.status}</td>
            <td>{j.history.progress.step} / {j.history.progress.totalSteps || '?'}</td>
            <td>{lastMetric(j)}</td>
            <td>{new Date(j.createdAt).toLocaleString()}</td>
            <td><input type="checkbox" aria-label={`Compare ${j.spec.name || j.id}`} checked={compareIds.includes(j.id)} onChange={() => onToggleCompare(j.id)} /></td>
            <td>
              {(j.status === 'interrupted' || (j.status === 'failed' && j.history.checkpoints.length > 0)) && (
                <button type="button" onClick={() => onResume(j.id)} disabled={!canResume || liveJobId !== null}
                  title="Continue exactly where the last checkpoint left off (same schedule and data order)">
                  Resume from last checkpoint
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
