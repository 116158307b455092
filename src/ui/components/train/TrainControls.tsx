import type { BackendChoice } from '../../../worker/backendChoice';
import type { JobStatus } from '../../../storage/jobRecords';

interface Props {
  /** Status of the live job, or null when no worker is running. */
  liveStatus: JobStatus | null;
  canStart: boolean;
  backend: BackendChoice | null;
  onStart: () => void;
  onPause: () => void;
  onResume: () => void;
  onCancel: () => void;
}

/** Start / Pause / Resume / Cancel, and which backend the worker chose and why. */
export function TrainControls({ liveStatus, canStart, backend, onStart, onPause, onResume, onCancel }: Props) {
  const live = liveStatus !== null;
  return (
    <div className="train-controls">
      <div className="buttons">
        <button type="button" className="primary" onClick={onStart} disabled={!canStart || live}>Start training</button>
        <button type="button" onClick={onPause} disabled={liveStatus !== 'running'}>Pause</button>
        <button type="button" onClick={onResume} disabled={liveStatus !== 'paused'}>Resume</button>
        <button type="button" onClick={onCancel} disabled={!live}>Cancel</button>
      </div>
      {backend && (
        <p className="backend-choice" data-testid="backend-choice" data-backend={backend.backend}>
          Backend: <strong>{backend.backend}</strong> — {backend.reason}
          {backend.fallbacks.length > 0 && <small> If it fails: {backend.fallbacks.join(' → ')}.</small>}
        </p>
      )}
    </div>
  );
}
