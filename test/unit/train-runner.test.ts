import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMemoryCheckpointStore } from '../../src/core/train/checkpoint';
import type { TrainerEvent } from '../../src/core/train/events';
import { describeEvent } from '../../src/core/train/events';
import { createInThreadRunner } from '../../src/core/train/inThreadRunner';
import { syntheticData, tinyModel, tinySpec } from './train-helpers';

describe('in-thread JobRunner', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('tokenizes once, emits events to subscribers, and cancel ends the job as cancelled', async () => {
    const { data, encoded } = syntheticData(40);
    let tokenizeCalls = 0;
    const tokenizer = {
      encodeBatch(texts: string[], _pairs: string[] | undefined, maxLength: number) {
        tokenizeCalls++;
        expect(maxLength).toBe(16);
        return texts.map((_, i) => ({ ids: encoded[i].ids, typeIds: new Int32Array(encoded[i].ids.length) }));
      },
    };
    const runner = createInThreadRunner({ store: createMemoryCheckpointStore(), backend: { name: 'cpu', reason: 'test' }, throttleMs: 0 });
    const seen: TrainerEvent[] = [];
    const off = runner.onEvent((e) => {
      seen.push(e);
      if (e.type === 'step' && e.step === 2) runner.cancel();
    });
    const model = tinyModel();
    const done = await runner.start({ jobId: 'r1', spec: tinySpec({ epochs: 3 }), data, model: { model, tokenizer } });
    off();
    expect(tokenizeCalls).toBe(1);
    expect(done).toMatchObject({ type: 'done', reason: 'cancelled', step: 2, testMetrics: null });
    expect(seen[0].type).toBe('started');
    expect(seen.at(-1)).toEqual(done);
    expect(seen.map(describeEvent).join('\n')).toMatch(/step 2\/\d+ epoch/);
    model.dispose();
  });

  it('an unknown checkpoint is an error event and a rejected start', async () => {
    const { data } = syntheticData(10);
    const runner = createInThreadRunner({ store: createMemoryCheckpointStore(), backend: { name: 'cpu', reason: 'test' } });
    const seen: TrainerEvent[] = [];
    runner.onEvent((e) => seen.push(e));
    const model = tinyModel();
    await expect(runner.start({ jobId: 'r2', spec: tinySpec(), data, model: { model, tokenizer: { encodeBatch: () => [] } }, resumeFrom: 'r2/step-9' }))
      .rejects.toThrow('checkpoint r2/step-9 was not found');
    expect(seen).toEqual([{ type: 'error', error: { name: 'Error', message: 'checkpoint r2/step-9 was not found' } }]);
    model.dispose();
  });
});
