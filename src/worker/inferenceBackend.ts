/**
 * The tfjs backend the Use stage predicts with — in the prediction worker, or on the page when no worker
 * can start: wasm, the fastest CPU path, else cpu. Setting it up is idempotent.
 */
import * as tf from '@tensorflow/tfjs';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { setupBackend } from '../core/model/backends';

const WASM_PATHS = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
};

export async function ensureInferenceBackend(): Promise<string> {
  const current = tf.getBackend();
  if (current === 'wasm' || current === 'cpu') return current;
  // The threaded wasm build spawns its own workers from a script Vite does not bundle, and fails (the page
  // and its workers are cross-origin isolated, so tfjs would pick it); one thread is plenty for predictions.
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
