/**
 * GatherV2 for the wasm backend as row copies in JavaScript.
 *
 * Why: tfjs-backend-wasm 4.22's Gather is a C loop that recomputes strides for every element: measured
 * ~20 M floats/s here, so glove-cnn's window lookup (600 K floats per SMS batch) took 38 ms and a BERT
 * embedding lookup of 32 × 128 tokens × 768 dims ~150 ms. Copying whole rows with TypedArray.set runs at
 * memory speed. Cases it does not handle (batchDims > 0) go to the stock kernel.
 *
 * Indices are checked like the stock kernel does ("GatherV2: the index value … is not in [0, n − 1]").
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

interface KernelArgs { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }

type Values = Float32Array | Int32Array | Uint8Array;

let stockGather: tf.KernelFunc | undefined;

function rowGather(args: KernelArgs): tf.TensorInfo {
  const { x, indices } = args.inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
  const { axis, batchDims } = args.attrs as unknown as { axis: number; batchDims: number };
  if (batchDims) return stockGather!(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  const backend = args.backend as BackendWasm;
  const ax = axis < 0 ? axis + x.shape.length : axis;
  const outer = x.shape.slice(0, ax).reduce((a, b) => a * b, 1);
  const dim = x.shape[ax];
  const slice = x.shape.slice(ax + 1).reduce((a, b) => a * b, 1);
  const count = indices.shape.reduce((a, b) => a * b, 1);
  // The output first: allocating may grow the heap and detach views taken before.
  const out = backend.makeOutput([...x.shape.slice(0, ax), ...indices.shape, ...x.shape.slice(ax + 1)], x.dtype);
  const idx = backend.typedArrayFromHeap(indices) as Int32Array | Float32Array;
  for (let i = 0; i < count; i++) {
    const v = idx[i];
    if (!(v >= 0 && v <= dim - 1)) throw new Error(`GatherV2: the index value ${v} is not in [0, ${dim - 1}]`);
  }
  const src = backend.typedArrayFromHeap(x) as Values;
  const dst = backend.typedArrayFromHeap(out) as Values;
  for (let o = 0; o < outer; o++) {
    const from = o * dim * slice;
    const to = o * count * slice;
    if (slice === 1) {
      for (let i = 0; i < count; i++) dst[to + i] = src[from + idx[i]];
    } else {
      for (let i = 0; i < count; i++) dst.set(src.subarray(from + idx[i] * slice, from + (idx[i] + 1) * slice), to + i * slice);
    }
  }
  return out;
}

/** Replaces the wasm backend's GatherV2 (idempotent; the stock kernel is kept for batchDims > 0). */
export function registerWasmRowGather(): void {
  const current = tf.getKernel('GatherV2', 'wasm');
  if (current?.kernelFunc === (rowGather as unknown)) return;
  if (current) {
    stockGather = current.kernelFunc;
    tf.unregisterKernel('GatherV2', 'wasm');
  }
  tf.registerKernel({ kernelName: 'GatherV2', backendName: 'wasm', kernelFunc: rowGather as unknown as tf.KernelFunc });
}
