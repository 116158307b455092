/**
 * What a run keeps and how long it took: the checkpoint clean-up policy after a run ends, the run's own clock
 * (pauses and time away excluded), and run names that tell runs apart.
 */
import { describe, expect, it } from 'vitest';
import { checkpointsToTidy, type CheckpointSummary } from '../../src/core/train/checkpoint';
import { advanceTiming, NO_TIMING, stopTiming, trainedSeconds } from '../../src/core/train/runTiming';
import { uniqueRunName } from '../../src/core/spec/buildJobSpec';
import type { TrainerEvent } from '../../src/core/train/events';

const cp = (step: number): CheckpointSummary => ({ id: `j/step-${step}`, jobId: 'j', createdAt: '', step, epoch: 0, metric: null, bytes: 100 });

describe('checkpoints after a run ends', () => {
  const all = [cp(10), cp(30), cp(20)];
  it('done keeps only the best; failed keeps the newest to resume from; cancelled keeps none', () => {
    expect(checkpointsToTidy('done', all, 'j/step-20')).toEqual(['j/step-10', 'j/step-30']);
    expect(checkpointsToTidy('failed', all, 'j/step-20')).toEqual(['j/step-10', 'j/step-20']);
    expect(checkpointsToTidy('cancelled', all, 'j/step-20')).toEqual(['j/step-10', 'j/step-20', 'j/step-30']);
    expect(checkpointsToTidy('failed', [], null)).toEqual([]);
  });
});

describe('a run\'s clock', () => {
  const started: TrainerEvent = { type: 'started', backend: 'wasm', backendReason: '', totalSteps: 10, stepsPerEpoch: 10, epochs: 1, trainExamples: 80, startStep: 0 };
  it('counts training time only: start → pause, resume → end', () => {
    let t = advanceTiming(undefined, started, 1_000);
    t = advanceTiming(t, { type: 'step' } as TrainerEvent, 3_000);
    expect(trainedSeconds(t, 4_000)).toBe(3);
    t = advanceTiming(t, { type: 'paused', step: 3 }, 5_000);
    expect(trainedSeconds(t, 60_000)).toBe(4); // paused for 55 s: not counted
    t = advanceTiming(t, { type: 'resumed', step: 3 }, 60_000);
    t = advanceTiming(t, { type: 'done', reason: 'completed', message: '', step: 10, bestStep: 10, bestCheckpointId: null, bestMetric: null, testMetrics: null }, 66_000);
    expect(t).toEqual({ activeMs: 10_000, runningSince: null });
  });

  it('stops where a cut-off run was last seen, and a second start does not restart a running clock', () => {
    const running = advanceTiming(NO_TIMING, started, 1_000);
    expect(advanceTiming(running, started, 2_000)).toBe(running);
    expect(stopTiming(running, 7_000)).toEqual({ activeMs: 6_000, runningSince: null });
    expect(stopTiming(NO_TIMING, 7_000)).toBe(NO_TIMING);
  });
});

describe('run names', () => {
  it('number a repeated name', () => {
    const base = 'ag_news_3000 · offline-glove · Quick';
    expect(uniqueRunName(base, [])).toBe(base);
    expect(uniqueRunName(base, [base])).toBe(`${base} #2`);
    expect(uniqueRunName(base, [base, `${base} #2`, 'other'])).toBe(`${base} #3`);
  });
});
