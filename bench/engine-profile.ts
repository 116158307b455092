/**
 * Where one training step's time goes on a backend: every kernel call of a bert-tiny step timed by
 * tf.profile, summed per kernel name (and per kernel + input shapes with --shapes).
 * Run: npx tsx bench/engine-profile.ts [--backend=wasm] [--only=bert-tiny|bert-mini] [--shapes] [--threads=N]
 */
import * as tf from '@tensorflow/tfjs';
import { setupBackend, type BackendName } from '../src/core/model/backends';
import { startNodeWasmThreads } from '../src/cli/nodeWasmThreads';
import { loadSequenceClassifier } from '../src/core/model/load';
import { makeBatch, disposeBatch } from '../src/core/model/batching';
import { createAdamW } from '../src/core/train/adamw';
import { createRng } from '../src/core/rng';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const mini = args.only === 'bert-mini';
const s = mini
  ? { layers: 4, hidden: 256, heads: 4, ffn: 1024, batch: 32, seq: 128 }
  : { layers: 2, hidden: 128, heads: 2, ffn: 512, batch: 32, seq: 128 };

const threads = Number(args.threads ?? 1);
if ((args.backend ?? 'wasm') === 'wasm' && threads > 1) await startNodeWasmThreads(threads);
else await setupBackend((args.backend ?? 'wasm') as BackendName);
const { model } = loadSequenceClassifier({
  config: {
    model_type: 'bert', vocab_size: 30522, hidden_size: s.hidden, num_hidden_layers: s.layers, num_attention_heads: s.heads,
    intermediate_size: s.ffn, max_position_embeddings: 512, type_vocab_size: 2,
  },
  numLabels: 2, seed: 1,
});
const rng = createRng(2);
const batch = makeBatch(Array.from({ length: s.batch }, () => ({
  ids: Int32Array.from({ length: s.seq }, () => 1000 + Math.floor(rng.next() * 29000)),
})), s.seq);
const labels = tf.tensor1d(Array.from({ length: s.batch }, (_, i) => i % 2), 'int32');
const names = [...model.weights.keys()];
const vars = names.map((n) => model.weights.get(n)!);
const byVarName = new Map(names.map((n) => [model.weights.get(n)!.name, n]));
const adamw = createAdamW(model.weights);
const step = (seed: number) => tf.tidy(() => {
  const { value, grads } = tf.variableGrads(() => model.loss(model.forward(batch, true, seed), labels), vars);
  const named: Record<string, tf.Tensor> = {};
  for (const [k, g] of Object.entries(grads)) named[byVarName.get(k)!] = g;
  adamw.applyGradients(named, () => ({ lr: 1e-4, weightDecay: 0.01 }));
  return value;
});
for (let i = 0; i < 2; i++) { const l = step(i); await l.data(); l.dispose(); }
const t0 = performance.now();
let loss: tf.Tensor | undefined;
const info = await tf.profile(() => { loss = step(7); return loss; });
await loss!.data();
const wall = performance.now() - t0;
loss!.dispose();
const byKey = new Map<string, { ms: number; n: number }>();
let total = 0;
for (const k of info.kernels) {
  const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
  total += ms;
  const key = 'shapes' in args ? `${k.name} ${JSON.stringify(k.inputShapes)}` : k.name;
  const e = byKey.get(key) ?? { ms: 0, n: 0 };
  e.ms += ms;
  e.n++;
  byKey.set(key, e);
}
console.log(`${tf.getBackend()} ${mini ? 'bert-mini' : 'bert-tiny'}: step ${wall.toFixed(0)} ms wall (profiled), kernels ${total.toFixed(0)} ms, ${info.kernels.length} kernel calls`);
for (const [k, e] of [...byKey].sort((a, b) => b[1].ms - a[1].ms).slice(0, 40)) {
  console.log(`${e.ms.toFixed(1).padStart(8)} ms ${(100 * e.ms / total).toFixed(1).padStart(5)}% ${String(e.n).padStart(4)}× ${k}`);
}
adamw.dispose();
model.dispose();
disposeBatch(batch);
labels.dispose();
