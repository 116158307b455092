/**
 * Pause and cancel reach a running loop within a step or two. They arrive as messages (the worker's onmessage,
 * Ctrl-C in the CLI), i.e. macrotasks; on wasm and cpu every await inside a step settles as a microtask, so the
 * loop must give the event loop a turn now and then or a message waits until the epoch ends.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTrainerControl } from '../../src/core/train/control';
import { runTraining } from '../../src/core/train/trainer';
import type { StartedEvent, TrainerEvent } from '../../src/core/train/events';
import { syntheticData, tinyModel, tinySpec } from './train-helpers';

describe('controls from a message', () => {
  beforeAll(async () => { await tf.setBackend('cpu'); });

  it('a cancel sent as a macrotask mid-epoch stops the loop long before the epoch ends', async () => {
    const { data, encoded } = syntheticData(400);
    const model = tinyModel();
    const control = createTrainerControl();
    const events: TrainerEvent[] = [];
    let sentAt = -1;
    const done = await runTraining({
      jobId: 'j', spec: tinySpec({ epochs: 1, batchSize: 2 }), data, encoded, model, store: null, control, backend: { name: 'cpu', reason: 'test' }, throttleMs: 0,
      emit: (e) => {
        events.push(e);
        // After the third step, "a message arrives": a macrotask that cancels.
        if (e.type === 'step' && e.step === 3) setTimeout(() => { sentAt = events.filter((x) => x.type === 'step').length; control.cancel(); }, 0);
      },
    });
    model.dispose();
    const started = events.find((e): e is StartedEvent => e.type === 'started')!;
    expect(done.reason).toBe('cancelled');
    expect(sentAt).toBeGreaterThan(0);
    // Honoured within the yield interval's worth of steps, not at the epoch's end (about 137 steps).
    expect(started.totalSteps).toBeGreaterThan(100);
    expect(done.step).toBeLessThan(started.totalSteps / 2);
  });
});
