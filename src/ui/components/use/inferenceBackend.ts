/**
 * The tfjs backend the Use stage predicts with on the page, when no prediction worker can start: wasm on
 * one thread (the page's own thread must not wait on wasm threads), else cpu. Setting it up is idempotent.
 * The prediction worker starts its backend with wasmBackend.ts instead, threads included.
 */
import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '../../../core/model/backends';
import { WASM_PATHS } from '../../../worker/wasmPaths';

export async function ensureInferenceBackend(): Promise<string> {
  const current = tf.getBackend();
  if (current === 'wasm' || current === 'cpu') return current;
  // The page is cross-origin isolated, so tfjs would pick the threaded build: ask for the plain one.
  try {
    await import('@tensorflow/tfjs-backend-wasm'); // registers the flag below
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    return await Promise.race([
      setupBackend('wasm', { wasmPaths: WASM_PATHS }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('wasm backend did not start in 20 s')), 20_000)),
    ]);
  } catch {
    return setupBackend('cpu');
  }
}
