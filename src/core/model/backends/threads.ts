import * as tf from '@tensorflow/tfjs';

/**
 * How many XNNPACK threads the wasm backend should use on a machine with `logicalCores`: half of them
 * (tfjs's own rule, which assumes two hardware threads per core), but at least 2 when there are 2, and at
 * most the 8 pthreads tfjs's build starts. tfjs's rule alone gives 1 thread, i.e. none, on a 2-core machine.
 */
export function threadsFor(logicalCores: number): number {
  return Math.max(1, Math.min(8, Math.max(Math.floor(logicalCores / 2), Math.min(2, logicalCores))));
}

/** Threads XNNPACK runs on once the wasm backend is active (1 for the single-threaded build, 0 off wasm). */
export function wasmThreadCount(): number {
  if (tf.getBackend() !== 'wasm') return 0;
  const backend = tf.backend() as unknown as { wasm?: { tfjs?: { getThreadsCount?: () => number } } };
  return backend.wasm?.tfjs?.getThreadsCount?.() ?? 1;
}
