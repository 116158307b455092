/**
 * Backend setup for the engine, DOM-free so the worker, the CLI and the tests share it. Bundler-specific
 * details stay with the caller: in Vite, pass the wasm binaries' URLs (imported with `?url` in src/worker);
 * in Node, src/cli/nodeWasmThreads.ts points the backend at its files in node_modules.
 */
import * as tf from '@tensorflow/tfjs';
import { registerCpuTrainingKernels, registerWasmTrainingKernels } from './kernels';
import { registerWebGlDropoutMask, registerWebGpuDropoutMask, type WebGpuModule } from './dropoutMask';

import { BACKEND_NAMES, type BackendName } from './names';

export { BACKEND_NAMES, type BackendName } from './names';

export interface BackendOptions {
  /**
   * Where the wasm binaries are: a folder prefix ending in '/', or a map from file name
   * (tfjs-backend-wasm.wasm, tfjs-backend-wasm-simd.wasm, tfjs-backend-wasm-threaded-simd.wasm) to URL.
   */
  wasmPaths?: string | Record<string, string>;
  /**
   * Let wasm use its multi-threaded build when the page is cross-origin isolated. Off by default: in a
   * Vite-built worker its pthread workers die at start ("ReferenceError: e is not defined", Chromium 156,
   * tfjs 4.22), which kills the whole backend; the single-threaded SIMD build works everywhere.
   */
  wasmThreads?: boolean;
}

/** A backend that could not be started; the message says which and why. */
export class BackendError extends Error {
  override name = 'BackendError';
}

async function importBackend(name: BackendName, opts: BackendOptions): Promise<void> {
  switch (name) {
    case 'cpu':
      registerCpuTrainingKernels();
      return;
    case 'webgl':
      registerWebGlDropoutMask(); // the backend itself is bundled in @tensorflow/tfjs
      return;
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      if (opts.wasmPaths) wasm.setWasmPaths(opts.wasmPaths);
      if (!opts.wasmThreads) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      registerWasmTrainingKernels();
      return;
    }
    case 'webgpu': {
      const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
      if (!nav?.gpu) throw new BackendError('webgpu: this environment has no WebGPU (navigator.gpu is missing)');
      // Registers itself at import time because navigator.gpu exists now.
      registerWebGpuDropoutMask(await import('@tensorflow/tfjs-backend-webgpu') as unknown as WebGpuModule);
      return;
    }
    default: {
      const never: never = name;
      throw new BackendError(`unknown backend ${String(never)}`);
    }
  }
}

/**
 * Makes `name` the active tfjs backend (registering the engine's extra kernels) and returns its name.
 * Throws BackendError when the backend cannot start; the caller picks the next in its fallback order.
 */
export async function setupBackend(name: BackendName, opts: BackendOptions = {}): Promise<BackendName> {
  if (!BACKEND_NAMES.includes(name)) {
    throw new BackendError(`unknown backend "${String(name)}" (supported: ${BACKEND_NAMES.join(', ')})`);
  }
  await importBackend(name, opts);
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
  } catch (e) {
    throw new BackendError(`${name}: ${(e as Error).message}`);
  }
  if (!ok) throw new BackendError(`${name}: the backend failed to initialise`);
  await tf.ready();
  return name;
}

/**
 * Forgets a wasm backend whose threaded start failed, so the next setBackend('wasm') builds a fresh,
 * single-threaded module (the wasm paths set before stay set).
 */
export function resetWasmBackend(): void {
  const factory = tf.findBackendFactory('wasm');
  tf.removeBackend('wasm');
  if (factory) tf.registerBackend('wasm', factory, 2);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
}

export { registerCpuTrainingKernels, registerWasmTrainingKernels };
