/**
 * Kernels the engine adds to tfjs backends for training:
 *
 * - wasm: tfjs-backend-wasm 4.22 has no UnsortedSegmentSum, the gradient of tf.gather (embedding
 *   lookups), so without it no BERT trains on wasm.
 * - wasm: its GatherV2 is ~20 M floats/s; replaced by row copies (wasmGather.ts).
 * - cpu: its UnsortedSegmentSum loops over every segment with tensor ops (30,522 segments for a BERT
 *   vocabulary: minutes per step); replaced by a direct scatter-add.
 *
 * Both are a scatter-add over the input rows. On wasm the output is allocated first (allocation may grow
 * the heap and detach earlier views of it), then the inputs are viewed.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { registerSlicedBatchMatMul } from './slicedBatchMatMul';
import { registerCpuDropoutMask, registerWasmDropoutMask } from './dropoutMask';
import { registerWasmRowGather } from './wasmGather';

type Values = Float32Array | Int32Array;

interface KernelArgs { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }

/** out[ids[i], :] += x[i, :]; rows with an id outside [0, numSegments) are dropped, as in TensorFlow. */
function scatterAdd(x: Values, ids: Int32Array | Float32Array, out: Values, idsCount: number, inner: number, numSegments: number): void {
  for (let i = 0; i < idsCount; i++) {
    const seg = ids[i];
    if (seg < 0 || seg >= numSegments) continue;
    const src = i * inner;
    const dst = seg * inner;
    for (let j = 0; j < inner; j++) out[dst + j] += x[src + j];
  }
}

function segmentShapes(args: KernelArgs) {
  const { x, segmentIds } = args.inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const { numSegments } = args.attrs as unknown as { numSegments: number };
  if (x.dtype !== 'float32' && x.dtype !== 'int32') throw new Error(`UnsortedSegmentSum: dtype ${x.dtype} is not supported`);
  const idsCount = segmentIds.shape.reduce((a, b) => a * b, 1);
  const innerShape = x.shape.slice(segmentIds.shape.length);
  const inner = innerShape.reduce((a, b) => a * b, 1);
  return { x, segmentIds, numSegments, idsCount, inner, outShape: [numSegments, ...innerShape] };
}

function wasmUnsortedSegmentSum(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const s = segmentShapes(args);
  const out = backend.makeOutput(s.outShape, s.x.dtype);
  const outVals = backend.typedArrayFromHeap(out) as Values;
  outVals.fill(0);
  if (s.inner > 0 && s.idsCount > 0) {
    scatterAdd(backend.typedArrayFromHeap(s.x) as Values, backend.typedArrayFromHeap(s.segmentIds) as Int32Array,
      outVals, s.idsCount, s.inner, s.numSegments);
  }
  return out;
}

interface CpuBackendLike {
  data: { get(id: tf.DataId): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: Values): tf.TensorInfo;
}

function cpuUnsortedSegmentSum(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as CpuBackendLike;
  const s = segmentShapes(args);
  const out = s.x.dtype === 'int32' ? new Int32Array(s.numSegments * s.inner) : new Float32Array(s.numSegments * s.inner);
  scatterAdd(backend.data.get(s.x.dataId).values as Values, backend.data.get(s.segmentIds.dataId).values as Int32Array,
    out, s.idsCount, s.inner, s.numSegments);
  return backend.makeTensorInfo(s.outShape, s.x.dtype, out);
}

function replaceKernel(backendName: string, kernelFunc: (args: KernelArgs) => tf.TensorInfo): void {
  const current = tf.getKernel('UnsortedSegmentSum', backendName);
  if (current?.kernelFunc === (kernelFunc as unknown)) return;
  if (current) tf.unregisterKernel('UnsortedSegmentSum', backendName);
  tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
}

/** Adds the missing wasm training kernels (idempotent). */
export function registerWasmTrainingKernels(): void {
  replaceKernel('wasm', wasmUnsortedSegmentSum);
  registerWasmRowGather();
  registerSlicedBatchMatMul();
  registerWasmDropoutMask();
}

/** Replaces the cpu backend's very slow UnsortedSegmentSum (idempotent). */
export function registerCpuTrainingKernels(): void {
  replaceKernel('cpu', cpuUnsortedSegmentSum);
  registerCpuDropoutMask();
}
