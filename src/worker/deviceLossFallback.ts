/**
 * "A lost WebGPU device falls back to the next backend and resumes from the last checkpoint", as a loop
 * over injected steps, so the rule is unit-tested without a GPU (the worker supplies the real steps).
 */
import { nextBackend, type BackendChoice } from './backendChoice';

export interface FallbackSteps {
  /** Starts a backend (walking its own fallbacks if it cannot start); returns the one in use. */
  startBackend(choice: BackendChoice): Promise<BackendChoice>;
  /** Tells the UI which backend is in use now. */
  announce(choice: BackendChoice): void;
  /** Arms a watcher that calls `onLost` if the current backend's device goes away. */
  watchLoss(onLost: (why: string) => void): void;
  /** Runs (or continues) the job on the current backend; rejects or returns early after a loss. */
  run(choice: BackendChoice, resumeFrom: string | undefined, lost: () => boolean): Promise<void>;
  /** Asks the current run to stop at the next safe point (called when the device is lost). */
  stopCurrent(): void;
  /** The newest checkpoint of the job, where a fallback continues. */
  latestCheckpointId(): Promise<string | undefined>;
  /** For logs: what happened. */
  note?(message: string): void;
}

export async function runWithDeviceLossFallback(first: BackendChoice, steps: FallbackSteps, resumeFrom?: string): Promise<void> {
  let choice = await steps.startBackend(first);
  let from = resumeFrom;
  let current = 0;
  for (;;) {
    steps.announce(choice);
    // One flag per attempt: a late loss signal from an earlier device must not cut the next run short.
    const attempt = { id: ++current, lost: false };
    steps.watchLoss((why) => {
      if (attempt.id !== current) return;
      attempt.lost = true;
      steps.note?.(`${choice.backend} device lost (${why})`);
      steps.stopCurrent();
    });
    try {
      await steps.run(choice, from, () => attempt.lost);
      if (!attempt.lost) return;
    } catch (e) {
      if (!attempt.lost) throw e;
    }
    const next = nextBackend(choice, choice.backend);
    if (!next) throw new Error(`the ${choice.backend} device was lost and no other backend is left`);
    choice = await steps.startBackend({ ...next, reason: `The ${choice.backend} device was lost; continuing on ${next.backend} from the last checkpoint.` });
    from = (await steps.latestCheckpointId()) ?? from;
  }
}
