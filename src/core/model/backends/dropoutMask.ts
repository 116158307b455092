/**
 * Dropout masks from a counter-based hash, made where the tensor lives: a JavaScript loop on cpu and wasm,
 * a WGSL shader on WebGPU — the same bits everywhere, so seeded dropout is identical across backends.
 *
 * Why: tf.dropout draws its uniforms in JavaScript with seedrandom (~10–15 ns each) and then runs four more
 * kernels; a bert-mini step needs ~17 M of them (attention probabilities are batch × heads × seq²). On
 * WebGPU those numbers are also made on the CPU and uploaded every step. Here element i is kept when
 * lowbias32(i ^ hash(seed)) ≥ rate · 2³²: one multiply-xorshift hash per element, no state, any order.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export const DROPOUT_MASK = 'FtStudioDropoutMask';

/** Attributes of the kernel: the mask's shape, the drop rate in [0, 1) and a 31-bit seed. */
export interface DropoutMaskAttrs { shape: number[]; rate: number; seed: number }

/** Chris Wellons' "lowbias32" integer hash (u32 → u32); WGSL below does the same with wrapping u32 ops. */
export function lowbias32(v: number): number {
  let x = v >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The per-call constants every backend uses: seed hash, keep threshold, kept value 1 / (1 − rate). */
export function maskConstants(rate: number, seed: number): { seedHash: number; threshold: number; scale: number } {
  if (!(rate >= 0 && rate < 1)) throw new Error(`dropout rate must be in [0, 1), got ${rate}`);
  return {
    seedHash: lowbias32(seed ^ 0x9e3779b9),
    threshold: Math.min(0xffffffff, Math.floor(rate * 4294967296)),
    scale: Math.fround(1 / (1 - rate)),
  };
}

/** Writes the mask into `out` (the reference the other backends must equal). */
export function fillDropoutMask(out: Float32Array, rate: number, seed: number): void {
  const { seedHash, threshold, scale } = maskConstants(rate, seed);
  for (let i = 0; i < out.length; i++) out[i] = lowbias32((i ^ seedHash) >>> 0) >= threshold ? scale : 0;
}

interface KernelArgs { backend: unknown; attrs?: tf.NamedAttrMap }

function cpuDropoutMask(args: KernelArgs): tf.TensorInfo {
  const { shape, rate, seed } = args.attrs as unknown as DropoutMaskAttrs;
  const values = new Float32Array(tf.util.sizeFromShape(shape));
  fillDropoutMask(values, rate, seed);
  return (args.backend as { makeTensorInfo(s: number[], d: tf.DataType, v: Float32Array): tf.TensorInfo }).makeTensorInfo(shape, 'float32', values);
}

function wasmDropoutMask(args: KernelArgs): tf.TensorInfo {
  const { shape, rate, seed } = args.attrs as unknown as DropoutMaskAttrs;
  const backend = args.backend as BackendWasm;
  const out = backend.makeOutput(shape, 'float32');
  fillDropoutMask(backend.typedArrayFromHeap(out) as Float32Array, rate, seed);
  return out;
}

/** What the engine needs of @tensorflow/tfjs-backend-webgpu (passed in: core never imports it statically). */
export interface WebGpuModule {
  webgpu_util: {
    flatDispatchLayout(shape: number[]): { x: number[] };
    computeDispatch(layout: { x: number[] }, shape: number[], workgroupSize: [number, number, number]): [number, number, number];
  };
}

interface WebGpuBackendLike {
  runWebGPUProgram(program: object, inputs: tf.TensorInfo[], dtype: tf.DataType, uniforms: { type: string; data: number[] }[]): tf.TensorInfo;
}

function webGpuDropoutMask(gpu: WebGpuModule) {
  return (args: KernelArgs): tf.TensorInfo => {
    const { shape, rate, seed } = args.attrs as unknown as DropoutMaskAttrs;
    const { seedHash, threshold, scale } = maskConstants(rate, seed);
    const workgroupSize: [number, number, number] = [64, 1, 1];
    const dispatchLayout = gpu.webgpu_util.flatDispatchLayout(shape);
    const program = {
      variableNames: [], outputShape: shape, shaderKey: 'ftstudio_dropout_mask', size: true, workgroupSize,
      uniforms: 'seedHash : u32, threshold : u32, scale : f32,', dispatchLayout,
      dispatch: gpu.webgpu_util.computeDispatch(dispatchLayout, shape, workgroupSize),
      getUserCode: () => `
        fn lowbias32(v : u32) -> u32 {
          var x = v;
          x = x ^ (x >> 16u);
          x = x * 0x7feb352du;
          x = x ^ (x >> 15u);
          x = x * 0x846ca68bu;
          x = x ^ (x >> 16u);
          return x;
        }
        fn main(index : i32) {
          if (index < uniforms.size) {
            let h = lowbias32(u32(index) ^ uniforms.seedHash);
            setOutputAtIndex(index, select(0.0, uniforms.scale, h >= uniforms.threshold));
          }
        }`,
    };
    return (args.backend as WebGpuBackendLike).runWebGPUProgram(program, [], 'float32', [
      { type: 'uint32', data: [seedHash] }, { type: 'uint32', data: [threshold] }, { type: 'float32', data: [scale] },
    ]);
  };
}

function register(backendName: string, kernelFunc: (args: KernelArgs) => tf.TensorInfo): void {
  if (!tf.getKernel(DROPOUT_MASK, backendName)) {
    tf.registerKernel({ kernelName: DROPOUT_MASK, backendName, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  }
}

export const registerCpuDropoutMask = () => register('cpu', cpuDropoutMask);
export const registerWasmDropoutMask = () => register('wasm', wasmDropoutMask);
/** webgl: made on the CPU and uploaded (webgl is the fallback of last resort before cpu). */
export const registerWebGlDropoutMask = () => register('webgl', cpuDropoutMask);
export const registerWebGpuDropoutMask = (gpu: WebGpuModule) => register('webgpu', webGpuDropoutMask(gpu));

/**
 * x · mask / (1 − rate) with the engine's mask where the active backend has the kernel (cpu, wasm, webgpu,
 * webgl after setupBackend), else tf.dropout. The gradient is dy · mask, through tf.mul.
 */
export function seededDropout(x: tf.Tensor, rate: number, seed: number): tf.Tensor {
  if (!tf.getKernel(DROPOUT_MASK, tf.getBackend())) return tf.dropout(x, rate, undefined, seed);
  const mask = tf.engine().runKernel(DROPOUT_MASK, {}, { shape: x.shape, rate, seed } as unknown as tf.NamedAttrMap) as tf.Tensor;
  return tf.mul(x, mask);
}
