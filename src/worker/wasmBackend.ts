/**
 * Starting tfjs backends inside the studio's workers, with the wasm backend's threads when the page is
 * cross-origin isolated.
 *
 * Why threads: 55–70 % of a training step on wasm is matrix products, which XNNPACK splits across its
 * thread pool; one thread leaves every other core idle (bench/engine-browser.mjs prints both: 1.3–1.5× on
 * 2 cores).
 *
 * Why the Blob swap: the threaded build starts its pthreads from a script that tfjs makes out of
 * `factory.toString()`. In a Vite build that function text is minified and refers to names outside it,
 * so every pthread dies at start ("ReferenceError: e is not defined", tfjs 4.22, Chromium 156) and takes
 * the backend down. While the backend starts, the Blob tfjs builds for that script is swapped for the
 * package's own unbundled factory (imported as text), which is self-contained.
 */
import threadedFactorySource from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?raw';
import { resetWasmBackend, setupBackend, type BackendName } from '../core/model/backends';
import { threadsFor, wasmThreadCount } from '../core/model/backends/threads';
import { WASM_PATHS } from './wasmPaths';

export { threadsFor };

/** How tfjs-backend-wasm 4.22 starts the text of its pthread main script. */
const FACTORY_SCRIPT_PREFIX = 'var WasmBackendModuleThreadedSimd = ';

/** Runs `start` while `new Blob([...])` of the pthread main script gets the unbundled factory instead. */
async function withUnbundledThreadFactory<T>(source: string, start: () => Promise<T>): Promise<T> {
  const NativeBlob = globalThis.Blob;
  class FactorySwappingBlob extends NativeBlob {
    constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
      const first = parts?.[0];
      super(typeof first === 'string' && first.startsWith(FACTORY_SCRIPT_PREFIX) ? [source] : parts, options);
    }
  }
  globalThis.Blob = FactorySwappingBlob;
  try {
    return await start();
  } finally {
    globalThis.Blob = NativeBlob;
  }
}

/**
 * Runs `start` while navigator.hardwareConcurrency reads 2 × `threads`. tfjs 4.22 sizes XNNPACK's pool as
 * min(requested, hardwareConcurrency / 2) when the module starts, so setThreadsCount alone cannot go above
 * half the logical cores.
 */
async function withCoreCount<T>(threads: number, start: () => Promise<T>): Promise<T> {
  const nav = globalThis.navigator as Navigator | undefined;
  if (!nav) return start();
  Object.defineProperty(nav, 'hardwareConcurrency', { value: 2 * threads, configurable: true });
  try {
    return await start();
  } finally {
    delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency; // back to the prototype's getter
  }
}

/** "2 threads", or "1 thread: <why>" — for the backend line the person sees. */
export function threadsLabel(start: WasmStart): string {
  return `${start.threads} thread${start.threads === 1 ? '' : 's'}${start.note ? `: ${start.note.replace(/^one thread: /, '')}` : ''}`;
}

/** Whether this worker may use wasm threads: SharedArrayBuffer needs a cross-origin isolated page. */
export function wasmThreadsAvailable(): boolean {
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';
}

/** What starting wasm with threads came to: the backend name, and why it runs on one thread if it does. */
export interface WasmStart { backend: BackendName; threads: number; note?: string }

/**
 * Resolves when `start` does; rejects when it does, when it takes over `ms`, or when one of the workers it
 * creates (the pthreads) reports an error meanwhile: a pthread that dies at start becomes a failed start
 * here instead of a crash of the whole training worker. After a failed start those workers are ended and
 * their errors stay swallowed; after a good one, their errors reach emscripten's handler as usual.
 */
async function guarded<T>(start: () => Promise<T>, ms: number): Promise<T> {
  const scope = globalThis as unknown as { Worker?: typeof Worker };
  const NativeWorker = scope.Worker;
  let fail: (message: string) => void = () => {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  const failed = new Promise<never>((_, reject) => {
    fail = (message) => reject(new Error(message || 'a wasm thread failed to start'));
    timer = setTimeout(() => fail(`no answer in ${ms / 1000} s`), ms);
  });
  /** Set once the start succeeded: from then on pthread errors go to emscripten's handler as usual. */
  let started = false;
  const created: Worker[] = [];
  if (NativeWorker) {
    scope.Worker = class GuardedWorker extends NativeWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        created.push(this);
        // emscripten's own onerror rethrows, which would crash this worker: while starting, a pthread's error
        // fails the start instead; afterwards it goes to emscripten's handler as before.
        let handler: ((this: Worker, e: ErrorEvent) => unknown) | null = null;
        Object.defineProperty(this, 'onerror', { configurable: true, get: () => handler, set: (h: typeof handler) => { handler = h; } });
        this.addEventListener('error', (e) => {
          if (!started) {
            e.preventDefault();
            fail(e.message);
            return;
          }
          handler?.call(this, e);
        });
      }
    };
  }
  try {
    const result = await Promise.race([start(), failed]);
    started = true;
    return result;
  } catch (e) {
    // The failed module's pthreads are of no use; they keep their errors to themselves until they end.
    for (const w of created) w.terminate();
    throw e;
  } finally {
    if (NativeWorker) scope.Worker = NativeWorker;
    clearTimeout(timer);
  }
}

/**
 * Makes `name` the active backend in this worker. For wasm: the threaded build when the page is
 * cross-origin isolated and `threads` is not false, else (or if the threaded build fails to start) the
 * single-threaded SIMD build. `factorySource` replaces the pthread script (tests use a broken one).
 */
export async function setupWorkerBackend(
  name: BackendName, opts: { threads?: boolean; factorySource?: string } = {},
): Promise<WasmStart> {
  if (name !== 'wasm') return { backend: await setupBackend(name, { wasmPaths: WASM_PATHS }), threads: 0 };
  if (opts.threads === false || !wasmThreadsAvailable()) {
    const note = opts.threads === false ? undefined : 'one thread: the page is not cross-origin isolated';
    return { backend: await setupBackend('wasm', { wasmPaths: WASM_PATHS, wasmThreads: false }), threads: 1, note };
  }
  try {
    const backend = await guarded(() => withUnbundledThreadFactory(opts.factorySource ?? threadedFactorySource,
      () => withCoreCount(threadsFor(globalThis.navigator?.hardwareConcurrency ?? 1),
        () => setupBackend('wasm', { wasmPaths: WASM_PATHS, wasmThreads: true }))), 30_000);
    return { backend, threads: wasmThreadCount() };
  } catch (e) {
    resetWasmBackend();
    // The paths are already set; setting them again after a failed start would throw.
    const backend = await setupBackend('wasm', { wasmThreads: false });
    return { backend, threads: 1, note: `one thread: the threaded build failed to start (${(e as Error).message})` };
  }
}
