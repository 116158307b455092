import { describe, expect, it } from 'vitest';
import type { TrainerEvent } from '../../src/core/train/events';
import type { SingleLabelMetrics } from '../../src/core/train/metrics';
import { emptyHistory, MAX_STEP_POINTS, reduceHistory } from '../../src/core/train/runHistory';

const started = (startStep: number): TrainerEvent => ({ type: 'started', backend: 'wasm', backendReason: 'r', totalSteps: 10, stepsPerEpoch: 5, epochs: 2, trainExamples: 40, startStep });
const step = (s: number, loss: number): TrainerEvent => ({
  type: 'step', step: s, totalSteps: 10, epoch: s / 5, loss, smoothedLoss: loss + 0.5,
  learningRates: { embeddings: 1e-5, 'layer.0': 2e-5, head: 2e-4 }, gradNorm: 1, samplesPerSecond: 12, etaSeconds: 10 - s,
});
const metrics = (loss: number, accuracy: number): SingleLabelMetrics => ({
  kind: 'single', loss, accuracy, macro_f1: accuracy - 0.1, perClass: [], confusion: [[3, 1], [0, 4]], count: 8,
});

describe('reduceHistory', () => {
  it('folds steps, evaluations, checkpoints and the end into chart data', () => {
    const events: TrainerEvent[] = [
      started(0), step(1, 0.9), step(2, 0.7),
      { type: 'evaluation', split: 'validation', epoch: 0, step: 2, metrics: metrics(0.6, 0.75) },
      { type: 'checkpoint', checkpointId: 'j/step-2', step: 2, epoch: 0, isBest: true },
      { type: 'paused', step: 2 }, { type: 'resumed', step: 2 }, step(3, 0.5),
      { type: 'evaluation', split: 'test', epoch: 0, step: 3, metrics: metrics(0.55, 0.8) },
      { type: 'done', reason: 'completed', message: 'ok', step: 3, bestStep: 2, bestCheckpointId: 'j/step-2', bestMetric: null, testMetrics: null },
    ];
    const h = events.reduce(reduceHistory, emptyHistory());
    expect(h.steps.map((p) => p.step)).toEqual([1, 2, 3]);
    expect(h.steps[0]).toMatchObject({ loss: 0.9, smoothedLoss: 1.4, headLr: 2e-4, bodyLr: 2e-5, samplesPerSecond: 12 });
    expect(h.validation).toEqual([{ step: 2, epoch: 0, loss: 0.6, metrics: { accuracy: 0.75, macro_f1: 0.65 } }]);
    expect(h.test?.loss).toBe(0.55);
    expect(h.checkpoints.map((c) => c.checkpointId)).toEqual(['j/step-2']);
    expect(h.progress).toEqual({ step: 3, totalSteps: 10, etaSeconds: 7 });
    expect(h.done?.reason).toBe('completed');
    expect(h.paused).toBe(false);
    // Every event but the steps, in words.
    expect(h.log).toHaveLength(events.length - 3);
    expect(h.log[0]).toMatch(/^started on wasm/);
    expect(h.log.at(-1)).toBe('done (completed): ok');
  });

  it('on a resume drops what the interrupted run drew after its checkpoint', () => {
    let h = [started(0), step(1, 1), step(2, 0.9), step(3, 0.8), step(4, 0.7)].reduce(reduceHistory, emptyHistory());
    h = reduceHistory(h, { type: 'checkpoint', checkpointId: 'j/step-2', step: 2, epoch: 0, isBest: false });
    h = reduceHistory(h, started(2));
    expect(h.steps.map((p) => p.step)).toEqual([1, 2]);
    expect(h.progress.step).toBe(2);
    h = reduceHistory(h, step(3, 0.85));
    expect(h.steps.map((p) => p.step)).toEqual([1, 2, 3]);
  });

  it('a pause shows the step the run stopped at, past the last (throttled) step event, and no time left', () => {
    let h = [started(0), step(1, 1)].reduce(reduceHistory, emptyHistory());
    h = reduceHistory(h, { type: 'paused', step: 7, checkpointId: 'j/step-7' });
    expect(h.paused).toBe(true);
    expect(h.progress).toEqual({ step: 7, totalSteps: 10, etaSeconds: null });
  });
});

describe('step history bound', () => {
  it('never holds more than MAX_STEP_POINTS steps and keeps the newest', () => {
    let h = reduceHistory(emptyHistory(), started(0));
    const n = MAX_STEP_POINTS * 3 + 7;
    for (let s = 1; s <= n; s++) h = reduceHistory(h, step(s, 1 / s));
    expect(h.steps.length).toBeLessThanOrEqual(MAX_STEP_POINTS);
    expect(h.steps.length).toBeGreaterThan(MAX_STEP_POINTS / 2);
    expect(h.steps.at(-1)?.step).toBe(n);
    expect(h.steps[0].step).toBe(1);
    const gaps = h.steps.slice(1).map((p, i) => p.step - h.steps[i].step);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(8);
  });
});
