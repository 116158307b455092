/**
 * Learning-rate schedules as pure functions, written to match transformers' get_*_schedule_with_warmup
 * exactly: the multiplier for the update made after `step` completed steps (the scheduler's
 * last_epoch), so with warmup the very first update has lr 0, as in Hugging Face's Trainer.
 */
import type { Hyperparameters, ScheduleKind } from '../spec/jobSpec';

/** The lr multiplier (0…1) at optimizer step `step` (0-based). `numCycles` only matters for cosine (HF default 0.5). */
export function lrMultiplier(step: number, totalSteps: number, warmupSteps: number, kind: ScheduleKind, numCycles = 0.5): number {
  if (step < warmupSteps) {
    return step / Math.max(1, warmupSteps);
  }
  switch (kind) {
    case 'constant':
      return 1;
    case 'linear':
      return Math.max(0, (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
    case 'cosine': {
      const progress = (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
      return Math.max(0, 0.5 * (1 + Math.cos(Math.PI * numCycles * 2 * progress)));
    }
    default: {
      const never: never = kind;
      throw new Error(`unknown schedule ${String(never)}`);
    }
  }
}

/** The learning rate at `step` for a group whose peak rate is `peak`. */
export function lrAt(step: number, totalSteps: number, warmupSteps: number, kind: ScheduleKind, peak = 1): number {
  return peak * lrMultiplier(step, totalSteps, warmupSteps, kind);
}

/** HF TrainingArguments.get_warmup_steps: explicit steps win, else ceil(ratio × total). */
export function warmupStepsFor(warmup: Hyperparameters['warmup'], totalSteps: number): number {
  return warmup.mode === 'steps' ? warmup.value : Math.ceil(totalSteps * warmup.value);
}

/**
 * Optimizer steps per epoch: one per `accumulation` micro-batches, the last group possibly shorter
 * (as HF's Trainer, which rounds up).
 */
export function stepsPerEpochFor(trainExamples: number, batchSize: number, accumulation: number): number {
  const batches = Math.ceil(trainExamples / batchSize);
  return Math.max(1, Math.ceil(batches / accumulation));
}
