/**
 * The flags a running trainer checks between steps. Callbacks (UI buttons, worker messages, Ctrl-C) only
 * flip these; the loop acts on them at a safe point, never in the middle of a step.
 */
export interface TrainerControl {
  pauseRequested: boolean;
  cancelRequested: boolean;
  /** Resolves when resume() is called while paused. */
  waitForResume(): Promise<void>;
  pause(): void;
  resume(): void;
  cancel(): void;
}

export function createTrainerControl(): TrainerControl {
  let wake: (() => void) | null = null;
  const control: TrainerControl = {
    pauseRequested: false,
    cancelRequested: false,
    waitForResume: () => new Promise<void>((resolve) => {
      if (!control.pauseRequested || control.cancelRequested) resolve();
      else wake = resolve;
    }),
    pause() { control.pauseRequested = true; },
    resume() {
      control.pauseRequested = false;
      wake?.();
      wake = null;
    },
    cancel() {
      control.cancelRequested = true;
      wake?.();
      wake = null;
    },
  };
  return control;
}
