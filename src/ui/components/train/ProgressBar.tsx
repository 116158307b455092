interface Props {
  step: number;
  totalSteps: number;
  /** The trainer's estimate of training time left (evaluation excluded); null before it has one. */
  etaSeconds: number | null;
  /** Step the run (or its resumed part) started from. */
  startStep: number;
  /** Whether it is training now; an estimate of time left means nothing otherwise. */
  running: boolean;
}

export function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return '—';
  const sec = Math.max(0, Math.round(s));
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const r = sec % 60;
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${r} s` : `${r} s`;
}

export function ProgressBar({ step, totalSteps, etaSeconds, startStep, running }: Props) {
  const pct = totalSteps > 0 ? Math.min(100, (100 * step) / totalSteps) : 0;
  const measuring = etaSeconds === null || step - startStep < 1;
  const finished = step >= totalSteps && totalSteps > 0;
  return (
    <div className="progress" data-testid="train-progress" data-step={step} data-total={totalSteps}>
      <progress max={totalSteps || 1} value={step} aria-label="Training progress" />
      <span>
        step {step} / {totalSteps || '?'} ({pct.toFixed(0)} %)
        {startStep > 0 && ` · resumed at step ${startStep}`}
        {(running || finished) && <>{' · '}ETA <span data-testid="train-eta">{finished ? 'done' : measuring ? 'measuring…' : formatDuration(etaSeconds)}</span></>}
        {!running && !finished && <span data-testid="train-stopped"> · not training</span>}
      </span>
    </div>
  );
}
