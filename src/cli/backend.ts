/**
 * Backend choice in Node: wasm is the fastest on a CPU (tfjs-node is not installable offline); cpu is the
 * fallback; webgpu runs through Dawn (the `webgpu` npm package) where an adapter exists. Every value a
 * JobSpec allows is accepted: 'auto' picks wasm, and 'webgl' (a browser-only backend, e.g. in a job.json
 * made by the studio) runs on wasm with the reason said.
 */
import os from 'node:os';
import { resetWasmBackend, setupBackend, type BackendName } from '../core/model/backends';
import { threadsFor } from '../core/model/backends/threads';
import { installNodeWebGpu } from './nodeWebGpu';
import { pointWasmAtNodeModules, startNodeWasmThreads } from './nodeWasmThreads';

const NODE_BACKENDS = ['wasm', 'cpu', 'webgpu'] as const;

/** A JobSpec's backend preference (or a --backend flag) → the Node backend, and why in words when it differs. */
function nodeBackendFor(requested: string | undefined, via: string): { want: BackendName; why: string } {
  if (requested === undefined || requested === 'auto') return { want: 'wasm', why: 'wasm is the fastest backend in Node' };
  if (requested === 'webgl') return { want: 'wasm', why: `webgl (chosen with ${via}) exists only in browsers; wasm is the fastest backend in Node` };
  if (!(NODE_BACKENDS as readonly string[]).includes(requested)) {
    throw new Error(`--backend ${requested} is not available in Node: use ${NODE_BACKENDS.join(', ')}`);
  }
  return { want: requested as BackendName, why: `chosen with ${via}` };
}

/**
 * Starts the backend asked for (default wasm). wasm runs on `threads` XNNPACK threads (default: half the
 * cores, at least 2), or on one if the threaded build cannot start — the reason says which. `via` names
 * where the choice came from, for the reason ('--backend', 'the job spec').
 */
export async function startNodeBackend(requested: string | undefined, threads?: number, via = '--backend'): Promise<{ name: string; reason: string }> {
  const { want, why } = nodeBackendFor(requested, via);
  if (want === 'webgpu') {
    // Asked for explicitly: fail loudly rather than silently training somewhere else.
    const gpu = await installNodeWebGpu();
    const name = await setupBackend('webgpu');
    const note = gpu.isFallbackAdapter ? ' — a software adapter: correct but slower than wasm' : '';
    return { name, reason: `${why} on ${gpu.adapter}${note}` };
  }
  let threadNote = '';
  const wanted = want === 'wasm' ? threads ?? threadsFor(os.cpus().length) : 1;
  if (wanted > 1) {
    try {
      const got = await startNodeWasmThreads(wanted);
      return { name: 'wasm', reason: `${why}, on ${got} thread${got === 1 ? '' : 's'}` };
    } catch (e) {
      resetWasmBackend();
      threadNote = `, on one thread (the threaded build failed to start: ${(e as Error).message})`;
    }
  }
  try {
    if (want === 'wasm') await pointWasmAtNodeModules();
    const name = await setupBackend(want);
    return { name, reason: `${why}${want === 'wasm' ? threadNote || ', on one thread' : ''}` };
  } catch (e) {
    if (want === 'cpu') throw e;
    const name = await setupBackend('cpu');
    return { name, reason: `wasm failed to start (${(e as Error).message}); using cpu` };
  }
}
