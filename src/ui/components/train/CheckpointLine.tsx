import type { RunHistory } from '../../../core/train/runHistory';

/** One line about the run's checkpoints in this browser: how many were written, the newest, the best. */
export function CheckpointLine({ history }: { history: RunHistory }) {
  const cps = history.checkpoints;
  const best = [...cps].reverse().find((c) => c.isBest);
  const last = cps.at(-1);
  return (
    <p className="checkpoints" data-testid="run-checkpoints" data-count={cps.length}
      data-last-step={last?.step ?? ''} data-best-id={best?.checkpointId ?? ''}>
      {cps.length === 0
        ? 'No checkpoint yet.'
        : `Checkpoints written: ${cps.length}; newest at step ${last!.step}${best ? `; best at step ${best.step}` : ''}. Kept in this browser (IndexedDB).`}
    </p>
  );
}
