/**
 * When wasm's threaded build cannot start in Node (here: a pthread script that throws), starting it rejects
 * with the pthread's error instead of ending the process, and after resetWasmBackend the single-threaded
 * build starts and computes — the path the CLI takes (src/cli/backend.ts) before saying "on one thread".
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { resetWasmBackend, setupBackend } from '../../src/core/model/backends';
import { startNodeWasmThreads } from '../../src/cli/nodeWasmThreads';
import { wasmThreadCount } from '../../src/core/model/backends/threads';

describe('wasm threads in Node that fail to start', () => {
  it('reject with the pthread error, and one thread works after the reset', async () => {
    await expect(startNodeWasmThreads(2, { pthreadScript: 'throw new Error("simulated pthread failure");' }))
      .rejects.toThrow(/simulated pthread failure/);
    resetWasmBackend();
    await setupBackend('wasm', { wasmThreads: false });
    expect(tf.getBackend()).toBe('wasm');
    expect(wasmThreadCount()).toBe(1);
    const c = tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5, 6], [7, 8]]));
    expect(Array.from(await c.data())).toEqual([19, 22, 43, 50]);
  });
});
