import type { CheckpointSummary } from '../../../core/train/checkpoint';
import type { RunHistory } from '../../../core/train/runHistory';
import { formatBytes } from '../use/formatBytes';

interface Props {
  history: RunHistory;
  /** Whether the run's worker is alive: then its events are the truth, else what is stored. */
  live: boolean;
  /** The checkpoints of this run in this browser's storage (undefined while being read). */
  stored: CheckpointSummary[] | undefined;
  /** What the clean-up after the run did, in words. */
  note?: string;
}

/**
 * One line about the run's checkpoints in this browser: how many, the newest, the best, their size. For a run
 * that is not live it reads the storage itself, so an interrupted run says what it can resume from.
 */
export function CheckpointLine({ history, live, stored, note }: Props) {
  const announced = history.checkpoints;
  const bestEvent = [...announced].reverse().find((c) => c.isBest);
  const list = live || stored === undefined
    ? announced.map((c) => ({ id: c.checkpointId, step: c.step, bytes: undefined as number | undefined }))
    : stored.map((c) => ({ id: c.id, step: c.step, bytes: c.bytes as number | undefined }));
  const last = list.at(-1);
  const best = list.find((c) => c.id === bestEvent?.checkpointId);
  const bytes = list.every((c) => c.bytes !== undefined) && list.length > 0 ? list.reduce((n, c) => n + (c.bytes ?? 0), 0) : undefined;
  const text = list.length === 0
    ? `No checkpoint in this browser${live ? ' yet' : ''}.`
    : `Checkpoints in this browser: ${list.length} (step ${list.map((c) => c.step).join(', ')}); newest at step ${last!.step}` +
      `${best ? `; best at step ${best.step}` : ''}${bytes !== undefined ? `; ${formatBytes(bytes)}` : ''}.`;
  return (
    <p className="checkpoints" data-testid="run-checkpoints" data-count={list.length}
      data-last-step={last?.step ?? ''} data-best-id={best?.id ?? bestEvent?.checkpointId ?? ''}>
      {text}{note ? ` After the run: ${note}.` : ''}
    </p>
  );
}
