/**
 * Kernels the tfjs wasm backend (4.22) lacks but training needs. UnsortedSegmentSum is the gradient of
 * tf.gather (embedding lookups), so without it no BERT can train on wasm. Implemented in JS over the wasm
 * heap: the output is allocated first (allocation may grow the heap and detach earlier views), then a
 * scatter-add loop over the input rows.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

interface SegmentSumAttrs { numSegments: number }

function unsortedSegmentSum({ inputs, backend, attrs }: {
  inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const wasm = backend as BackendWasm;
  const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const { numSegments } = attrs as unknown as SegmentSumAttrs;
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new Error(`UnsortedSegmentSum (wasm): dtype ${x.dtype} is not supported`);
  }
  const idsCount = segmentIds.shape.reduce((a, b) => a * b, 1);
  const inner = x.shape.slice(segmentIds.shape.length).reduce((a, b) => a * b, 1);
  const out = wasm.makeOutput([numSegments, ...x.shape.slice(segmentIds.shape.length)], x.dtype);
  const outVals = wasm.typedArrayFromHeap(out) as Float32Array | Int32Array;
  outVals.fill(0);
  if (inner === 0 || idsCount === 0) return out;
  const xVals = wasm.typedArrayFromHeap(x) as Float32Array | Int32Array;
  const ids = wasm.typedArrayFromHeap(segmentIds) as Int32Array;
  for (let i = 0; i < idsCount; i++) {
    const seg = ids[i];
    // Like TensorFlow: rows with an id outside [0, numSegments) are dropped.
    if (seg < 0 || seg >= numSegments) continue;
    const src = i * inner;
    const dst = seg * inner;
    for (let j = 0; j < inner; j++) outVals[dst + j] += xVals[src + j];
  }
  return out;
}

/** Kernel names this module adds to the wasm backend. */
export const WASM_EXTRA_KERNELS = ['UnsortedSegmentSum'] as const;

/** Registers the missing wasm kernels (idempotent: skips any already registered). */
export function registerWasmTrainingKernels(): void {
  if (!tf.getKernel('UnsortedSegmentSum', 'wasm')) {
    tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc: unsortedSegmentSum as unknown as tf.KernelFunc });
  }
}
