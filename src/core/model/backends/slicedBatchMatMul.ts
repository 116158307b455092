/**
 * A batched matMul for the wasm backend that runs each batch slice through the backend's own 2-D path.
 *
 * Why: tfjs-backend-wasm 4.22 sends a rank-3 matMul with batch > 1 (attention: [batch·heads, seq, ·]) to a
 * scalar C loop (~3 GFLOP/s measured), but a batch-1 matMul to XNNPACK (25–40 GFLOP/s on the same machine).
 * Copying each slice into its own batch-1 tensor and calling the stock kernel on it costs a memcpy and an
 * XNNPACK operator per slice, and still measured ≥ 2× faster for BERT's attention shapes. tf.unstack/tf.slice
 * are not used for the slicing: on wasm they cost ~1.6 ms per slice (measured), more than the products.
 *
 * No gradient is registered: the engine calls it only inside a tf.customGrad whose gradient is made of
 * the same kernel (see attention.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export const SLICED_BATCH_MATMUL = 'FtStudioSlicedBatchMatMul';

interface KernelArgs { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }

function slicedBatchMatMul(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  if (a.shape.length !== 3 || b.shape.length !== 3 || a.shape[0] !== b.shape[0] || a.shape[2] !== b.shape[1]) {
    throw new Error(`${SLICED_BATCH_MATMUL}: shapes [${a.shape.join(',')}] · [${b.shape.join(',')}] do not multiply`);
  }
  if (a.dtype !== 'float32' || b.dtype !== 'float32') throw new Error(`${SLICED_BATCH_MATMUL}: float32 only`);
  const [batch, m, k] = a.shape;
  const n = b.shape[2];
  const stock = tf.getKernel('BatchMatMul', 'wasm');
  if (!stock) throw new Error(`${SLICED_BATCH_MATMUL}: the wasm backend has no BatchMatMul kernel`);
  const out = backend.makeOutput([batch, m, n], 'float32');
  const attrs = { transposeA: false, transposeB: false } as unknown as tf.NamedAttrMap;
  for (let i = 0; i < batch; i++) {
    // Fresh tensors every slice: XNNPACK caches the packed right-hand side by tensor id, so reusing a
    // tensor with new contents would multiply by stale weights. Heap views are taken after each
    // allocation because an allocation may grow (and detach) the heap.
    const ai = backend.makeOutput([1, m, k], 'float32');
    const bi = backend.makeOutput([1, k, n], 'float32');
    (backend.typedArrayFromHeap(ai) as Float32Array).set((backend.typedArrayFromHeap(a) as Float32Array).subarray(i * m * k, (i + 1) * m * k));
    (backend.typedArrayFromHeap(bi) as Float32Array).set((backend.typedArrayFromHeap(b) as Float32Array).subarray(i * k * n, (i + 1) * k * n));
    const ci = stock.kernelFunc({ inputs: { a: ai, b: bi }, backend: backend as unknown as tf.KernelBackend, attrs }) as tf.TensorInfo;
    (backend.typedArrayFromHeap(out) as Float32Array).set(backend.typedArrayFromHeap(ci) as Float32Array, i * m * n);
    backend.disposeData(ci.dataId);
    backend.disposeData(ai.dataId);
    backend.disposeData(bi.dataId);
  }
  return out;
}

/** Registers the kernel on wasm (idempotent). */
export function registerSlicedBatchMatMul(): void {
  if (tf.getKernel(SLICED_BATCH_MATMUL, 'wasm')) return;
  tf.registerKernel({ kernelName: SLICED_BATCH_MATMUL, backendName: 'wasm', kernelFunc: slicedBatchMatMul as unknown as tf.KernelFunc });
}

/** a·b for rank-3 float32 a [batch, m, k], b [batch, k, n] on the wasm backend; no gradient of its own. */
export function slicedBatchMatMulOp(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  return tf.engine().runKernel(SLICED_BATCH_MATMUL, { a, b }, {}) as tf.Tensor3D;
}
