/**
 * One training step of the engine exactly as the trainer runs it — forward with dropout, cross-entropy,
 * backward, the trainer's torch-exact AdamW update — on a randomly initialised BERT of a given shape
 * (vocab 30,522, HF layout), for the benchmarks: bench/engine.ts, bench/engine-profile.ts and the GPU
 * bench (bench/gpu/webgpu-bench.ts). Runs on whatever tfjs backend is active.
 */
import * as tf from '@tensorflow/tfjs';
import { loadSequenceClassifier } from '../src/core/model/load';
import { makeBatch, disposeBatch } from '../src/core/model/batching';
import { createAdamW } from '../src/core/train/adamw';
import { createRng } from '../src/core/rng';

export interface Shape {
  name: string; layers: number; hidden: number; heads: number; ffn: number; batch: number; seq: number; steps: number;
  /** 30,522 (BERT's) unless given: the GPU bench's --quick validation runs shrink it on a software adapter. */
  vocab?: number;
}

export interface EngineStep {
  /** The step's loss tensor (the update is applied); the caller reads and disposes it. */
  lossTensor(seed: number): tf.Tensor;
  /** One whole step, waited for through the loss's value. */
  run(seed: number): Promise<number>;
  dispose(): void;
}

export function createEngineStep(s: Omit<Shape, 'name' | 'steps'>): EngineStep {
  const config = {
    model_type: 'bert', vocab_size: s.vocab ?? 30522, hidden_size: s.hidden, num_hidden_layers: s.layers, num_attention_heads: s.heads,
    intermediate_size: s.ffn, max_position_embeddings: 512, type_vocab_size: 2,
  };
  const { model } = loadSequenceClassifier({ config, numLabels: 2, seed: 1 });
  const rng = createRng(2);
  const vocab = s.vocab ?? 30522;
  const low = Math.min(1000, vocab >> 1);
  const span = Math.min(29000, vocab - low - 1);
  const examples = Array.from({ length: s.batch }, () => ({
    ids: Int32Array.from({ length: s.seq }, () => low + Math.floor(rng.next() * span)),
  }));
  const batch = makeBatch(examples, s.seq);
  const labels = tf.tensor1d(Array.from({ length: s.batch }, (_, i) => i % 2), 'int32');
  const names = [...model.weights.keys()];
  const vars = names.map((n) => model.weights.get(n)!);
  const byVarName = new Map(names.map((n) => [model.weights.get(n)!.name, n]));
  const adamw = createAdamW(model.weights);
  const settings = () => ({ lr: 1e-4, weightDecay: 0.01 });
  const lossTensor = (seed: number) => tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => model.loss(model.forward(batch, true, seed), labels), vars);
    const named: Record<string, tf.Tensor> = {};
    for (const [k, g] of Object.entries(grads)) named[byVarName.get(k)!] = g;
    adamw.applyGradients(named, settings);
    return value;
  });
  return {
    lossTensor,
    async run(seed) {
      const loss = lossTensor(seed);
      try {
        return (await loss.data())[0];
      } finally {
        loss.dispose();
      }
    },
    dispose() {
      adamw.dispose();
      model.dispose();
      disposeBatch(batch);
      labels.dispose();
    },
  };
}

/** Milliseconds per step over `steps` timed steps after `warmup` untimed ones (shader compilation, pools). */
export async function timeSteps(step: EngineStep, steps: number, warmup = 2): Promise<number> {
  for (let i = 0; i < warmup; i++) await step.run(i);
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await step.run(100 + i);
  return (performance.now() - t0) / steps;
}

export interface KernelTimes { totalMs: number; calls: number; rows: { key: string; ms: number; n: number }[] }

/** Every kernel call of one step timed by tf.profile (GPU timestamps on WebGPU), summed per kernel name. */
export async function profileStep(step: EngineStep, seed: number, withShapes = false): Promise<KernelTimes & { wallMs: number }> {
  const t0 = performance.now();
  let loss: tf.Tensor | undefined;
  const info = await tf.profile(() => { loss = step.lossTensor(seed); return loss; });
  await loss!.data();
  const wallMs = performance.now() - t0;
  loss!.dispose();
  const byKey = new Map<string, { ms: number; n: number }>();
  let totalMs = 0;
  for (const k of info.kernels) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    totalMs += ms;
    const key = withShapes ? `${k.name} ${JSON.stringify(k.inputShapes)}` : k.name;
    const e = byKey.get(key) ?? { ms: 0, n: 0 };
    e.ms += ms;
    e.n++;
    byKey.set(key, e);
  }
  const rows = [...byKey].map(([key, e]) => ({ key, ...e })).sort((a, b) => b.ms - a.ms);
  return { wallMs, totalMs, calls: info.kernels.length, rows };
}
