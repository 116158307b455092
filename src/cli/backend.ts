/**
 * Backend choice in Node: wasm is the fastest on a CPU (tfjs-node is not installable offline); cpu is the
 * fallback; webgpu runs through Dawn (the `webgpu` npm package) where an adapter exists.
 */
import { setupBackend, type BackendName } from '../core/model/backends';
import { installNodeWebGpu } from './nodeWebGpu';

const NODE_BACKENDS = ['wasm', 'cpu', 'webgpu'] as const;

export async function startNodeBackend(requested: string | undefined): Promise<{ name: string; reason: string }> {
  const want = (requested ?? 'wasm') as BackendName;
  if (!(NODE_BACKENDS as readonly string[]).includes(want)) {
    throw new Error(`--backend ${want} is not available in Node: use ${NODE_BACKENDS.join(', ')}`);
  }
  if (want === 'webgpu') {
    // Asked for explicitly: fail loudly rather than silently training somewhere else.
    const gpu = await installNodeWebGpu();
    const name = await setupBackend('webgpu');
    const note = gpu.isFallbackAdapter ? ' — a software adapter: correct but slower than wasm' : '';
    return { name, reason: `chosen with --backend on ${gpu.adapter}${note}` };
  }
  try {
    const name = await setupBackend(want);
    return { name, reason: requested ? 'chosen with --backend' : 'wasm is the fastest backend in Node' };
  } catch (e) {
    if (want === 'cpu') throw e;
    const name = await setupBackend('cpu');
    return { name, reason: `wasm failed to start (${(e as Error).message}); using cpu` };
  }
}
