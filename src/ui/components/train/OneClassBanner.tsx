import type { RunHistory } from '../../../core/train/runHistory';

/** Loud: the latest validation evaluation predicted one class for every row (a WarningEvent from the trainer). */
export function OneClassBanner({ history }: { history: RunHistory }) {
  const w = history.warning;
  if (!w) return null;
  return <p role="alert" className="one-class-banner" data-testid="one-class-warning">⚠ {w.message}</p>;
}
