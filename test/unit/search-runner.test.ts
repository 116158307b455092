/**
 * The study runner with the real trainer (in-thread, cpu) on the tiny random BERT and learnable synthetic
 * data: trials never see the test split, the pruner cancels trials, a diverging trial fails and the study
 * goes on, storage running out stops the study keeping the best trial, and a stopped study resumes.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { finalizeBestTrial } from '../../src/core/search/finalize';
import { createStudyControl, runStudy, type StudyEvent } from '../../src/core/search/runner';
import type { SearchSpace } from '../../src/core/search/space';
import { withStorageErrors } from '../../src/core/search/storageErrors';
import { bestTrial, createStudy, type Study, type StudySpec } from '../../src/core/search/study';
import type { JobSpec } from '../../src/core/spec/jobSpec';
import { createMemoryCheckpointStore, type CheckpointStore } from '../../src/core/train/checkpoint';
import { splitRows } from '../../src/core/train/data';
import { evaluateRows } from '../../src/core/train/evaluate';
import { createInThreadRunner, type LoadedJobModel } from '../../src/core/train/inThreadRunner';
import { writeWeights } from '../../src/core/train/weightsIO';
import { syntheticData, tinyModel, tinySpec } from './train-helpers';

const { data, encoded } = syntheticData(120);
const tokenizer = { encodeBatch: () => encoded.map((e) => ({ ids: e.ids, typeIds: new Int32Array(e.ids.length) })) };

function study(space: SearchSpace, patch: Partial<StudySpec> = {}): Study {
  const spec: StudySpec = {
    version: 1, space, sampler: { kind: 'grid', seed: 0 }, pruner: { kind: 'none' },
    objective: { metric: 'loss', direction: 'minimize' }, budget: { trials: 10 }, ...patch,
  };
  return createStudy(spec, tinySpec({ epochs: 2, learningRate: 1e-2 }));
}

/**
 * A tiny model per trial. `scaleLogits` multiplies a trial's logits: NaN makes the trainer see a diverging
 * loss; a large factor makes a confidently wrong model with a high validation loss (a trial to prune).
 */
function modelFor(scaleLogits?: (spec: JobSpec) => number | null) {
  return async (spec: JobSpec): Promise<LoadedJobModel> => {
    const model = tinyModel(spec.hyperparameters.seed);
    const factor = scaleLogits?.(spec) ?? null;
    if (factor !== null) {
      const forward = model.forward.bind(model);
      model.forward = (batch, training, seed) => tf.mul(forward(batch, training, seed), factor) as tf.Tensor2D;
    }
    return { model, tokenizer };
  };
}

async function run(s: Study, store: CheckpointStore, opts: { poison?: (spec: JobSpec) => number | null; control?: ReturnType<typeof createStudyControl>; events?: StudyEvent[] } = {}) {
  const runner = createInThreadRunner({ store, backend: { name: 'cpu', reason: 'test' }, throttleMs: 0 });
  const saved: string[] = [];
  await runStudy({
    study: s, runner, modelFor: modelFor(opts.poison), releaseModel: (m) => m.model.dispose(), data, store,
    persist: async (x) => { saved.push(JSON.stringify(x)); }, control: opts.control, onEvent: (e) => opts.events?.push(e),
  });
  return saved;
}

const LR_GRID: SearchSpace = { params: [{ name: 'hyperparameters.learningRate', kind: 'categorical', choices: [1e-2, 3e-3, 1e-3] }] };

describe('runStudy with the trainer', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('runs the grid; values are the best validation loss; no trial scores the test split; only the best checkpoint stays; no tensor leaks', async () => {
    const store = createMemoryCheckpointStore();
    const s = study(LR_GRID);
    const events: StudyEvent[] = [];
    const before = tf.memory().numTensors;
    const saved = await run(s, store, { events });
    expect(tf.memory().numTensors).toBe(before);
    expect(s.stopReason).toBe('grid-exhausted');
    expect(s.trials.map((t) => [t.state, t.params['hyperparameters.learningRate']])).toEqual([['complete', 1e-2], ['complete', 3e-3], ['complete', 1e-3]]);
    for (const t of s.trials) {
      const validations = events.filter((e) => e.type === 'trial-event' && e.trial === t.number && e.event.type === 'evaluation')
        .map((e) => (e.type === 'trial-event' && e.event.type === 'evaluation' ? e.event : null)!);
      expect(validations.map((v) => v.split)).toEqual(['validation', 'validation']);
      expect(Object.keys(t.intermediate)).toEqual(['0', '1']);
      expect(t.value).toBe(Math.min(...validations.map((v) => v.metrics.loss)));
    }
    const best = bestTrial(s)!;
    expect([...store.records.keys()]).toEqual([best.bestCheckpointId]);
    // persisted after each change, as plain JSON that reads back whole
    expect(saved.length).toBeGreaterThanOrEqual(7);
    expect(JSON.parse(saved.at(-1)!)).toEqual(JSON.parse(JSON.stringify(s)));

    // the best trial's weights become the model; the test split is scored once, for it
    const model = tinyModel(42);
    const final = await finalizeBestTrial({ study: s, store, model, tokenizer, data });
    expect(final.trial.number).toBe(best.number);
    const check = tinyModel(42);
    writeWeights(check.weights, store.records.get(best.bestCheckpointId!)!.weights, 'best');
    const test = await evaluateRows(check, data, encoded, splitRows(data).test, { batchSize: 16, maxLength: 16 });
    expect(final.test).toEqual(test);
    expect(final.test!.count).toBe(splitRows(data).test.length);
    expect(s.final).toEqual({ trial: best.number, testMetrics: test });
    model.dispose();
    check.dispose();
  }, 120_000);

  it('a diverging trial is marked failed and the study goes on', async () => {
    const store = createMemoryCheckpointStore();
    const s = study(LR_GRID);
    await run(s, store, { poison: (spec) => (spec.hyperparameters.learningRate === 3e-3 ? NaN : null) });
    expect(s.trials.map((t) => t.state)).toEqual(['complete', 'failed', 'complete']);
    expect(s.trials[1].error).toMatch(/loss became NaN at step 1 .*try a lower learning rate/);
    expect(s.trials[1].value).toBeNull();
    expect(bestTrial(s)).not.toBeNull();
  }, 120_000);

  it('storage running out mid-study stops cleanly, keeping the best trial and its checkpoint', async () => {
    const memory = createMemoryCheckpointStore();
    let saves = 0;
    const full: CheckpointStore = {
      ...memory,
      async save(r) {
        // room for the first trial's two epochs, then the disk is full
        if (++saves > 2) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        await memory.save(r);
      },
    };
    const s = study(LR_GRID);
    await run(s, withStorageErrors(full));
    expect(s.stopReason).toBe('storage');
    expect(s.stopMessage).toMatch(/^storage ran out during trial 1 \(could not save checkpoint trial-1\/step-\d+: ENOSPC: no space left on device, write\); stopped, the best trial is kept$/);
    expect(s.trials.map((t) => t.state)).toEqual(['complete', 'failed']);
    const best = bestTrial(s)!;
    expect(best.number).toBe(0);
    expect(await memory.load(best.bestCheckpointId!)).not.toBeNull();
    const model = tinyModel(42);
    const final = await finalizeBestTrial({ study: s, store: memory, model, tokenizer, data });
    expect(final.trial.number).toBe(0);
    model.dispose();
  }, 120_000);

  it('the median pruner cancels a trial worse than the median at the same step', async () => {
    const store = createMemoryCheckpointStore();
    const space: SearchSpace = { params: [{ name: 'hyperparameters.learningRate', kind: 'categorical', choices: [1e-2, 1e-6] }] };
    const s = study(space, { pruner: { kind: 'median', nStartupTrials: 1, nWarmupSteps: 0, intervalSteps: 1 } });
    s.baseJob.hyperparameters.epochs = 3;
    // the lr 1e-6 trial is a confidently wrong model: its validation loss is far above the first trial's
    await run(s, store, { poison: (spec) => (spec.hyperparameters.learningRate === 1e-6 ? 40 : null) });
    expect(s.trials.map((t) => t.state)).toEqual(['complete', 'pruned']);
    expect(Object.keys(s.trials[0].intermediate)).toEqual(['0', '1', '2']);
    expect(Object.keys(s.trials[1].intermediate)).toEqual(['0']);
    expect(s.trials[1].intermediate[0]).toBeGreaterThan(s.trials[0].intermediate[0]);
    expect(s.trials[1].error).toMatch(/^pruned at step 0 \(loss /);
    expect(s.trials[1].value).toBeNull();
    // a pruned trial's checkpoints are deleted; the best trial keeps its best one
    expect([...store.records.keys()]).toEqual([s.trials[0].bestCheckpointId]);
  }, 120_000);

  it('a stopped study resumes the interrupted trial from its checkpoint and finishes the budget', async () => {
    const store = createMemoryCheckpointStore();
    const s = study({ params: [{ name: 'hyperparameters.learningRate', kind: 'categorical', choices: [1e-2, 3e-3] }] });
    s.baseJob.hyperparameters.epochs = 3;
    const control = createStudyControl();
    const runner = createInThreadRunner({ store, backend: { name: 'cpu', reason: 'test' }, throttleMs: 0 });
    const opts = { study: s, runner, modelFor: modelFor(), releaseModel: (m: LoadedJobModel) => m.model.dispose(), data, store, persist: async () => {} };
    await runStudy({
      ...opts, control,
      onEvent: (e) => { if (e.type === 'trial-event' && e.trial === 0 && e.event.type === 'checkpoint') control.stop(); },
    });
    expect(s.stopReason).toBe('stopped');
    expect(s.trials.map((t) => t.state)).toEqual(['running']);
    const duration = s.trials[0].durationS;

    const resumed: StudyEvent[] = [];
    await runStudy({ ...opts, onEvent: (e) => resumed.push(e) });
    const start = resumed.find((e) => e.type === 'trial-started');
    expect(start?.type === 'trial-started' && start.trial.number === 0 && start.resumedFrom).toMatch(/^trial-0\/step-\d+$/);
    const firstStep = resumed.find((e) => e.type === 'trial-event' && e.event.type === 'started');
    expect(firstStep?.type === 'trial-event' && firstStep.event.type === 'started' && firstStep.event.startStep).toBeGreaterThan(0);
    expect(s.trials.map((t) => t.state)).toEqual(['complete', 'complete']);
    expect(Object.keys(s.trials[0].intermediate)).toEqual(['0', '1', '2']);
    expect(s.trials[0].durationS).toBeGreaterThan(duration);
    expect(s.stopReason).toBe('grid-exhausted');
  }, 120_000);
});
