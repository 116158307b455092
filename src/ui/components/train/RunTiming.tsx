import { useEffect, useState } from 'react';
import { trainedSeconds } from '../../../core/train/runTiming';
import type { JobRecord } from '../../../storage/jobRecords';
import { formatDuration } from './ProgressBar';

/**
 * How long the run has trained (pauses and time away excluded) and, while it runs, about how long it takes in
 * all; when it ended, how long it took and when it started and ended.
 */
export function RunTiming({ job, live }: { job: JobRecord; live: boolean }) {
  const running = live && job.status === 'running';
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [running]);
  if (!job.timing) return null;
  const trained = trainedSeconds(job.timing, now);
  const eta = job.history.progress.etaSeconds;
  const started = new Date(job.createdAt).toLocaleTimeString();
  let text: string;
  switch (job.status) {
    case 'running':
      text = `Training for ${formatDuration(trained)}${live && eta !== null && eta > 0 ? ` · about ${formatDuration(eta)} left, ${formatDuration(trained + eta)} in all` : ''} · started ${started}`;
      break;
    case 'paused': text = `Paused after ${formatDuration(trained)} of training`; break;
    case 'interrupted': text = `Interrupted after ${formatDuration(trained)} of training (started ${started})`; break;
    case 'done': text = `Trained in ${formatDuration(trained)} (started ${started}, ended ${new Date(job.updatedAt).toLocaleTimeString()})`; break;
    case 'failed': case 'cancelled': text = `Stopped after ${formatDuration(trained)} of training (started ${started})`; break;
    default: {
      const never: never = job.status;
      text = String(never);
    }
  }
  return <p className="run-timing" data-testid="run-timing" data-trained-seconds={trained.toFixed(1)}>{text}</p>;
}
