interface Props {
  step: number;
  totalSteps: number;
  /** Seconds since the run (or its resumed part) started, and the step it started from. */
  elapsedS: number;
  startStep: number;
  label?: string;
}

/** Estimated seconds left from the pace since (re)start; null until two steps are measured. */
export function etaSeconds(step: number, totalSteps: number, elapsedS: number, startStep: number): number | null {
  const done = step - startStep;
  if (done < 2 || elapsedS <= 0) return null;
  return ((totalSteps - step) * elapsedS) / done;
}

export function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return '—';
  const sec = Math.max(0, Math.round(s));
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const r = sec % 60;
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${r} s` : `${r} s`;
}

export function ProgressBar({ step, totalSteps, elapsedS, startStep, label }: Props) {
  const eta = etaSeconds(step, totalSteps, elapsedS, startStep);
  const pct = totalSteps > 0 ? Math.min(100, (100 * step) / totalSteps) : 0;
  return (
    <div className="progress" data-testid="train-progress" data-step={step} data-total={totalSteps}>
      <progress max={totalSteps || 1} value={step} aria-label="Training progress" />
      <span>
        {label ? `${label} · ` : ''}step {step} / {totalSteps} ({pct.toFixed(0)} %)
        {' · '}elapsed {formatDuration(elapsedS)}
        {' · '}ETA <span data-testid="train-eta">{eta === null ? 'measuring…' : formatDuration(eta)}</span>
      </span>
    </div>
  );
}
