/** Backend choice in Node: wasm is the fastest here (tfjs-node is not installable offline); cpu is the fallback. */
import { setupBackend, type BackendName } from '../core/model/backends';

export async function startNodeBackend(requested: string | undefined): Promise<{ name: string; reason: string }> {
  const want = (requested ?? 'wasm') as BackendName;
  if (want !== 'wasm' && want !== 'cpu') throw new Error(`--backend ${want} is not available in Node: use wasm or cpu`);
  try {
    const name = await setupBackend(want);
    return { name, reason: requested ? 'chosen with --backend' : 'wasm is the fastest backend in Node' };
  } catch (e) {
    if (want === 'cpu') throw e;
    const name = await setupBackend('cpu');
    return { name, reason: `wasm failed to start (${(e as Error).message}); using cpu` };
  }
}
