/**
 * AdamW exactly as torch.optim.AdamW (PyTorch 1.13 single-tensor path): decoupled weight decay applied to
 * the weight first, bias-corrected moments, eps added after the sqrt of the corrected second moment.
 * Moments are non-trainable tf.Variables created on a weight's first update (so frozen weights cost
 * nothing), and the whole state can be read out for a checkpoint and put back on resume.
 * Also: gradient clipping by global norm as torch.nn.utils.clip_grad_norm_, and HF's no-decay rule.
 */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerState } from './checkpoint';

export interface AdamWHyper {
  beta1: number;
  beta2: number;
  eps: number;
}

export const TORCH_ADAMW_DEFAULTS: AdamWHyper = { beta1: 0.9, beta2: 0.999, eps: 1e-8 };

/** Per-weight learning rate and weight decay for one step (schedules and groups resolved by the caller). */
export type StepSettings = (name: string) => { lr: number; weightDecay: number };

export interface AdamW {
  /** Steps taken so far. */
  readonly stepCount: number;
  /** One update of every weight that has a gradient in `grads`. Disposes nothing it did not create. */
  applyGradients(grads: Record<string, tf.Tensor>, settings: StepSettings): void;
  exportState(): Promise<OptimizerState>;
  importState(state: OptimizerState): void;
  dispose(): void;
}

/** One weight's optimizer state: moments as non-trainable variables, and the updates it has had. */
interface WeightState {
  m: tf.Variable;
  v: tf.Variable;
  step: number;
}

/** One AdamW update of `p` (torch's single-tensor path); every intermediate freed by tidy. */
function updateWeight(p: tf.Variable, g: tf.Tensor, s: WeightState, lr: number, weightDecay: number, hyper: AdamWHyper): void {
  const { beta1, beta2, eps } = hyper;
  s.step++;
  const bc1 = 1 - beta1 ** s.step;
  const bc2Sqrt = Math.sqrt(1 - beta2 ** s.step);
  tf.tidy(() => {
    const decayed = weightDecay !== 0 ? tf.mul(p, 1 - lr * weightDecay) : p;
    const mNew = tf.add(tf.mul(s.m, beta1), tf.mul(g, 1 - beta1));
    const vNew = tf.add(tf.mul(s.v, beta2), tf.mul(tf.mul(g, g), 1 - beta2));
    const denom = tf.add(tf.div(tf.sqrt(vNew), bc2Sqrt), eps);
    s.m.assign(mNew);
    s.v.assign(vNew);
    p.assign(tf.sub(decayed, tf.mul(tf.div(mNew, denom), lr / bc1)));
  });
}

/** The moments of every weight updated so far, read with one batch of `data()` calls (never dataSync: it breaks WebGPU). */
async function exportMoments(moments: Map<string, WeightState>): Promise<OptimizerState['moments']> {
  const names = [...moments.keys()];
  const values = await Promise.all(names.flatMap((n) => [moments.get(n)!.m.data(), moments.get(n)!.v.data()]));
  const out: OptimizerState['moments'] = {};
  names.forEach((n, i) => {
    out[n] = { m: new Float32Array(values[2 * i] as Float32Array), v: new Float32Array(values[2 * i + 1] as Float32Array), step: moments.get(n)!.step };
  });
  return out;
}

export function createAdamW(weights: ReadonlyMap<string, tf.Variable>, hyper: AdamWHyper = TORCH_ADAMW_DEFAULTS): AdamW {
  // Per-weight step counts, as torch keeps state['step'] per parameter: a weight unfrozen later starts
  // its bias correction at 1, not at the global step.
  const moments = new Map<string, WeightState>();
  let step = 0;
  const weightOf = (name: string) => {
    const w = weights.get(name);
    if (!w) throw new Error(`optimizer: no weight named ${name}`);
    return w;
  };
  const momentsOf = (name: string) => {
    let mv = moments.get(name);
    if (!mv) {
      const w = weightOf(name);
      // tidy frees the zeros; the variables survive it.
      mv = { ...tf.tidy(() => ({ m: tf.variable(tf.zerosLike(w), false), v: tf.variable(tf.zerosLike(w), false) })), step: 0 };
      moments.set(name, mv);
    }
    return mv;
  };
  return {
    get stepCount() { return step; },
    applyGradients(grads, settings) {
      step++;
      for (const [name, g] of Object.entries(grads)) {
        const { lr, weightDecay } = settings(name);
        updateWeight(weightOf(name), g, momentsOf(name), lr, weightDecay, hyper);
      }
    },
    async exportState() {
      return { step, moments: await exportMoments(moments) };
    },
    importState(state) {
      step = state.step;
      for (const [name, mv] of Object.entries(state.moments)) {
        const w = weightOf(name);
        if (mv.m.length !== w.size || mv.v.length !== w.size) {
          throw new Error(`optimizer state for ${name} has ${mv.m.length} values, the weight has ${w.size}`);
        }
        const cur = momentsOf(name);
        // In tidy: assign() keeps the values in the variable, the tensors built to carry them are freed.
        tf.tidy(() => {
          cur.m.assign(tf.tensor(mv.m, w.shape));
          cur.v.assign(tf.tensor(mv.v, w.shape));
        });
        cur.step = mv.step ?? state.step;
      }
    },
    dispose() {
      for (const { m, v } of moments.values()) {
        m.dispose();
        v.dispose();
      }
      moments.clear();
    },
  };
}

/**
 * Sums same-shaped tensors two at a time. Not tf.addN: its WebGPU kernel binds every input to one shader, and
 * WebGPU allows only 8 storage buffers per shader stage by default — with a model's ~40 gradients the pipeline
 * is invalid and the whole command buffer (the step's other results too) is silently dropped.
 */
function sumPairwise(xs: tf.Tensor[]): tf.Tensor {
  let level = xs;
  while (level.length > 1) {
    const next: tf.Tensor[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? tf.add(level[i], level[i + 1]) : level[i]);
    level = next;
  }
  return level[0];
}

/**
 * torch.nn.utils.clip_grad_norm_: total = ‖(‖g₁‖, ‖g₂‖, …)‖₂, every gradient scaled by
 * min(1, maxNorm / (total + 1e-6)). Returns new gradients and the pre-clipping norm as a scalar tensor
 * (read later, batched with the loss). maxNorm 0 means no clipping. Call inside tf.tidy.
 */
export function clipByGlobalNorm(grads: Record<string, tf.Tensor>, maxNorm: number): { grads: Record<string, tf.Tensor>; norm: tf.Scalar } {
  const names = Object.keys(grads);
  const squares = names.map((n) => tf.sum(tf.square(grads[n])));
  const norm = (squares.length ? tf.sqrt(sumPairwise(squares)) : tf.scalar(0)) as tf.Scalar;
  if (!(maxNorm > 0)) return { grads, norm };
  const coef = tf.minimum(tf.div(maxNorm, tf.add(norm, 1e-6)), 1);
  const out: Record<string, tf.Tensor> = {};
  for (const n of names) out[n] = tf.mul(grads[n], coef);
  return { grads: out, norm };
}

/**
 * Hugging Face's rule: no weight decay on biases and LayerNorm weights (BERT's "LayerNorm",
 * DistilBERT's "sa_layer_norm"/"output_layer_norm").
 */
export function isNoDecayParam(name: string): boolean {
  if (name.endsWith('.bias') || name === 'bias') return true;
  const module = name.split('.').slice(0, -1).join('.').toLowerCase();
  return /layernorm|layer_norm/.test(module);
}
