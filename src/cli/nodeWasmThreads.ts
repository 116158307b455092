/**
 * The wasm backend's threads in Node (the CLI and bench:engine). tfjs 4.22 turns them off in Node
 * (WASM_HAS_MULTITHREAD_SUPPORT is false there), and its threaded build cannot start in Node as shipped:
 *
 * - each pthread is a worker_threads Worker whose script tfjs hands over as a `blob:` URL, which Node
 *   cannot load: the script (the package's own pthread source) is written to a temporary file instead;
 * - the pthread then loads the main script from another `blob:` URL: it gets the package's threaded
 *   factory through require() instead;
 * - the pool is sized from os.cpus().length / 2, one thread on a 2-core machine: os.cpus reads 2 × the
 *   wanted count while the backend starts.
 *
 * If the threaded build does not start, the caller falls back to one thread (core's resetWasmBackend).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '../core/model/backends';
import { wasmThreadCount } from '../core/model/backends/threads';

const require = createRequire(import.meta.url);

let wasmFilesPointed: Promise<void> | undefined;

/**
 * Points the wasm backend at its .wasm files in node_modules. It would look next to its own script, which
 * in the built CLI (scripts/build-cli.mjs bundles tfjs) is dist-cli/. Once per process: tfjs refuses a new
 * path after a failed start, and the single-threaded fallback starts after a failed threaded one.
 */
export function pointWasmAtNodeModules(): Promise<void> {
  wasmFilesPointed ??= (async () => {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.wasm'));
    wasm.setWasmPaths(`${dir}${path.sep}`);
  })();
  return wasmFilesPointed;
}

/**
 * The pthread script as a file Node can start: tfjs's own, with the main-script load redirected, or
 * `replacement` (tests give a script that throws, to check the fallback).
 */
function writePthreadScript(replacement?: string): string {
  const { wasmWorkerContents } = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js') as { wasmWorkerContents: string };
  const factory = require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finetune-studio-wasm-'));
  const file = path.join(dir, 'pthread.cjs');
  // tfjs escapes the newlines inside the script's string literals the same way before it makes its Blob.
  fs.writeFileSync(file, replacement ?? `${wasmWorkerContents.replace(/\n/g, '\\n')}
;(function () {
  var load = global.importScripts;
  global.importScripts = function (f) {
    if (typeof f === 'string' && f.indexOf('blob:') !== 0) return load(f);
    global.WasmBackendModuleThreadedSimd = require(${JSON.stringify(factory)});
  };
})();
`);
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return file;
}

type NodeWorkerLike = { on(event: string, listener: (...a: unknown[]) => void): unknown; terminate(): unknown };

/**
 * Runs `start` with the patches above in place and undoes them after (the wrapped Worker class stays).
 * A pthread error while starting rejects instead of reaching emscripten's handler, which would rethrow it
 * and end the process; after a good start, errors go to emscripten's handler as usual.
 */
async function withNodePthreads<T>(threads: number, start: () => Promise<T>, replacement?: string): Promise<T> {
  const script = writePthreadScript(replacement);
  const g = globalThis as { Worker?: unknown };
  let current = g.Worker;
  let started = false;
  const created: NodeWorkerLike[] = [];
  let fail: (e: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => { fail = reject; });
  // emscripten assigns global.Worker = worker_threads.Worker when the module starts: wrap what it assigns.
  Object.defineProperty(globalThis, 'Worker', {
    configurable: true,
    get: () => current,
    set: (W: new (url: string, opts?: unknown) => NodeWorkerLike) => {
      current = class extends W {
        constructor(url: string | URL, opts?: unknown) {
          super(String(url).startsWith('blob:') ? script : String(url), opts);
          created.push(this);
          // emscripten listens for a pool worker's errors only once the wasm module has compiled: a worker
          // failing before that (a slow compile on a loaded machine) would emit 'error' with no listener,
          // which Node throws as an uncaught exception and emscripten's handler turns into an exit.
          super.on('error', (e: unknown) => { if (!started) fail(e); });
        }
        override on(event: string, listener: (...a: unknown[]) => void): unknown {
          if (event !== 'error') return super.on(event, listener);
          return super.on('error', (...a: unknown[]) => (started ? listener(...a) : fail(a[0])));
        }
      };
    },
  });
  const cpus = os.cpus;
  os.cpus = () => Array.from({ length: 2 * threads }, () => cpus()[0]);
  try {
    const result = await Promise.race([start(), failed]);
    started = true;
    return result;
  } catch (e) {
    for (const w of created) void w.terminate();
    throw e;
  } finally {
    os.cpus = cpus;
    Object.defineProperty(globalThis, 'Worker', { configurable: true, writable: true, value: current });
  }
}

interface WasmModuleWithPthreads {
  PThread?: { runningWorkers?: { unref?(): void }[]; unusedWorkers?: { unref?(): void }[] };
}

/** Starts wasm on `threads` XNNPACK threads in Node; returns how many it got. Throws if it cannot start. */
export async function startNodeWasmThreads(threads: number, opts: { pthreadScript?: string } = {}): Promise<number> {
  await pointWasmAtNodeModules(); // also imports the backend, which registers it and its flags
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  await withNodePthreads(threads, () => setupBackend('wasm', { wasmThreads: true }), opts.pthreadScript);
  const backend = tf.backend() as unknown as { wasm: WasmModuleWithPthreads };
  // XNNPACK's pool threads stay alive (and their Workers referenced) for the life of the module: without
  // this the CLI would never exit after its work is done.
  const { PThread } = backend.wasm;
  for (const w of [...(PThread?.runningWorkers ?? []), ...(PThread?.unusedWorkers ?? [])]) w.unref?.();
  return wasmThreadCount();
}
