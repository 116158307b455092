/**
 * The Train stage's view of one run, folded from TrainerEvents by a pure reducer. The same history is
 * persisted in the job record, so a reload redraws the curves and a comparison can overlay two runs.
 */
import type { CheckpointEvent, DoneEvent, SerializedError, StartedEvent, TrainerEvent, WarningEvent } from './events';
import { describeEvent } from './events';
import type { EvalMetrics } from './metrics';

export interface StepPoint {
  step: number;
  epoch: number;
  loss: number;
  smoothedLoss: number;
  /** The head's learning rate and the largest body rate (groups other than 'head'). */
  headLr: number;
  bodyLr: number;
  samplesPerSecond: number;
}

export interface EvalPoint {
  step: number;
  epoch: number;
  loss: number;
  /** Task metrics by name (accuracy, macro_f1, micro_f1, mse, mae, r2). */
  metrics: Record<string, number>;
}

export interface RunHistory {
  started: StartedEvent | null;
  /** Step points, one per bucket of `stepStride` steps (see appendStep). */
  steps: StepPoint[];
  stepStride: number;
  validation: EvalPoint[];
  lastValidation: EvalMetrics | null;
  /** The validation scores of the best checkpoint (what the saved model is judged by). */
  bestValidation: EvalMetrics | null;
  test: EvalMetrics | null;
  checkpoints: CheckpointEvent[];
  done: DoneEvent | null;
  error: SerializedError | null;
  /** A warning about the latest validation evaluation (e.g. one class predicted for every row), else null. */
  warning: WarningEvent | null;
  /** Latest step/total/eta, for the progress bar. */
  progress: { step: number; totalSteps: number; etaSeconds: number | null };
  paused: boolean;
  /** The notable events in words (start, checkpoints, pauses, unfreezing, evaluations, the end), newest last. */
  log: string[];
}

const MAX_LOG = 60;

export const emptyHistory = (): RunHistory => ({
  started: null, steps: [], stepStride: 1, validation: [], lastValidation: null, bestValidation: null, test: null, checkpoints: [],
  done: null, error: null, warning: null, progress: { step: 0, totalSteps: 0, etaSeconds: null }, paused: false, log: [],
});

const NUMERIC_METRICS = ['accuracy', 'macro_f1', 'micro_f1', 'exactMatch', 'mse', 'mae', 'r2'] as const;

export function metricsRecord(m: EvalMetrics): Record<string, number> {
  const out: Record<string, number> = {};
  const rec = m as unknown as Record<string, unknown>;
  for (const k of NUMERIC_METRICS) if (typeof rec[k] === 'number') out[k] = rec[k] as number;
  return out;
}

export function reduceHistory(h: RunHistory, e: TrainerEvent): RunHistory {
  const next = reduceData(h, e);
  if (e.type === 'step') return next;
  return { ...next, log: [...(h.log ?? []), describeEvent(e)].slice(-MAX_LOG) };
}

function reduceData(h: RunHistory, e: TrainerEvent): RunHistory {
  switch (e.type) {
    case 'started': {
      // A resume redoes the steps after its checkpoint: drop what the interrupted run drew past it.
      const keep = <T extends { step: number }>(xs: T[]) => xs.filter((x) => x.step <= e.startStep);
      return {
        ...h, started: e, steps: keep(h.steps), validation: keep(h.validation), done: null, error: null, paused: false,
        checkpoints: keep(h.checkpoints), progress: { step: e.startStep, totalSteps: e.totalSteps, etaSeconds: null },
      };
    }
    case 'step': {
      const body = Object.entries(e.learningRates).filter(([k]) => k !== 'head').map(([, v]) => v);
      const point: StepPoint = {
        step: e.step, epoch: e.epoch, loss: e.loss, smoothedLoss: e.smoothedLoss,
        headLr: e.learningRates.head ?? Math.max(0, ...body), bodyLr: body.length ? Math.max(...body) : 0,
        samplesPerSecond: e.samplesPerSecond,
      };
      const { steps, stride } = appendStep(h.steps, point, h.stepStride || 1);
      return { ...h, steps, stepStride: stride, progress: { step: e.step, totalSteps: e.totalSteps, etaSeconds: e.etaSeconds } };
    }
    case 'evaluation': {
      if (e.split === 'test') return { ...h, test: e.metrics };
      const point: EvalPoint = { step: e.step, epoch: e.epoch, loss: e.metrics.loss, metrics: metricsRecord(e.metrics) };
      // A warning about this evaluation follows it; one about an earlier evaluation no longer holds.
      return { ...h, validation: [...h.validation, point], lastValidation: e.metrics, warning: null };
    }
    case 'checkpoint': {
      const atBest = e.isBest && h.validation.at(-1)?.step === e.step ? h.lastValidation : h.bestValidation;
      return { ...h, checkpoints: [...h.checkpoints, e], bestValidation: atBest };
    }
    case 'paused':
      // Step events are throttled: the pause names the step the run really stopped at (and its checkpoint's).
      return { ...h, paused: true, progress: { ...h.progress, step: e.step, etaSeconds: null } };
    case 'resumed':
      return { ...h, paused: false };
    case 'unfrozen':
      return h;
    case 'warning':
      return { ...h, warning: e };
    case 'done':
      return { ...h, done: e, test: e.testMetrics ?? h.test, paused: false };
    case 'error':
      return { ...h, error: e.error, paused: false };
    default: {
      const never: never = e;
      throw new Error(`unknown trainer event ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Long runs send a step event every ~250 ms; the job record (rewritten about once a second) and the charts
 * need far fewer. The history keeps one point per bucket of `stepStride` steps (plus the newest point);
 * past MAX_STEP_POINTS the stride doubles, so memory stays bounded and the curve stays evenly sampled.
 */
export const MAX_STEP_POINTS = 2000;

function rebucket(steps: StepPoint[], stride: number): StepPoint[] {
  const last = steps.length - 1;
  return steps.filter((p, i) => i === 0 || i === last || Math.floor(p.step / stride) !== Math.floor(steps[i - 1].step / stride));
}

function appendStep(steps: StepPoint[], point: StepPoint, stride: number): { steps: StepPoint[]; stride: number } {
  const bucket = (p: StepPoint) => Math.floor(p.step / stride);
  let out = steps;
  // The previous newest point only stays if it opened its bucket.
  const n = out.length;
  if (n >= 2 && bucket(out[n - 1]) === bucket(out[n - 2])) out = out.slice(0, -1);
  out = [...out, point];
  while (out.length > MAX_STEP_POINTS) {
    stride *= 2;
    out = rebucket(out, stride);
  }
  return { steps: out, stride };
}
