import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTrainerControl } from '../../src/core/train/control';
import type { TrainerEvent } from '../../src/core/train/events';
import { runTraining } from '../../src/core/train/trainer';
import { syntheticData, tinyModel, tinySpec } from './train-helpers';

/** Runs a job on a clock that never moves, so the throttle would hold back every step event it may. */
async function stepsSentWithStoppedClock(spec: ReturnType<typeof tinySpec>): Promise<{ sent: number[]; evaluated: number[]; total: number }> {
  const { data, encoded } = syntheticData(60);
  const events: TrainerEvent[] = [];
  const model = tinyModel();
  try {
    await runTraining({
      jobId: 'job', spec, model, data, encoded, store: null, control: createTrainerControl(), emit: (e) => events.push(e),
      backend: { name: 'cpu', reason: 'test' }, throttleMs: 60_000, now: () => 1000,
    });
  } finally {
    model.dispose();
  }
  const started = events.find((e) => e.type === 'started');
  return {
    sent: events.flatMap((e) => (e.type === 'step' ? [e.step] : [])),
    evaluated: events.flatMap((e) => (e.type === 'evaluation' && e.split === 'validation' ? [e.step] : [])),
    total: started?.type === 'started' ? started.totalSteps : NaN,
  };
}

describe('the step-event throttle', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('sends the first step, every epoch\'s last step and every evaluated step, and holds back the rest', async () => {
    // 41 train rows, batch 8: 6 steps per epoch, 3 epochs; evaluated every 4 steps (4, 8, …, 16).
    const { sent, evaluated, total } = await stepsSentWithStoppedClock(tinySpec({ epochs: 3, evaluation: { strategy: 'steps', everySteps: 4 } }));
    expect(total).toBe(18);
    expect(evaluated).toEqual([4, 8, 12, 16]);
    expect(sent).toEqual([1, 4, 6, 8, 12, 16, 18]);
  });

  it('with evaluation every epoch, sends each epoch\'s last step before its evaluation', async () => {
    const { sent, evaluated } = await stepsSentWithStoppedClock(tinySpec({ epochs: 2 }));
    expect(evaluated).toEqual([6, 12]);
    expect(sent).toEqual([1, 6, 12]);
  });
});
