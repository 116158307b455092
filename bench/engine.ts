/**
 * Training-step throughput of the engine (forward with dropout, cross-entropy, backward, AdamW update
 * with the trainer's torch-exact AdamW) on the wasm backend in Node, beside PyTorch CPU on one thread
 * running the same shapes (bench/torch_engine.py), and the ratio. Run: npm run bench:engine
 * Then it times the step's matrix products alone on both sides (bench/engine-gemm.ts) and prints the
 * bound they put on the ratio: PyTorch's whole step over tfjs's products.
 * With --threads=N (N > 1) wasm runs on N XNNPACK threads (src/cli/nodeWasmThreads.ts) and PyTorch is timed
 * on N threads as well as on one.
 * Options: --backend=cpu|wasm (default wasm), --only=bert-tiny|bert-mini, --steps=N, --rounds=N (default 3),
 * --threads=N (default 1).
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { setupBackend, type BackendName } from '../src/core/model/backends';
import { startNodeWasmThreads } from '../src/cli/nodeWasmThreads';
import { createEngineStep, timeSteps, type Shape } from './engineStep';
import { gemmFlops, stepGemms, timeTfjsGemms, type Gemm } from './engine-gemm';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const backend = (args.backend ?? 'wasm') as BackendName;
const SHAPES: Shape[] = [
  { name: 'bert-tiny', layers: 2, hidden: 128, heads: 2, ffn: 512, batch: 32, seq: 128, steps: 6 },
  { name: 'bert-mini', layers: 4, hidden: 256, heads: 4, ffn: 1024, batch: 32, seq: 128, steps: 3 },
].filter((s) => !args.only || s.name === args.only).map((s) => (args.steps ? { ...s, steps: Number(args.steps) } : s));

async function benchEngine(s: Shape): Promise<{ samplesPerS: number; msPerStep: number }> {
  const step = createEngineStep(s);
  try {
    const ms = await timeSteps(step, s.steps);
    return { samplesPerS: (s.batch * 1000) / ms, msPerStep: ms };
  } finally {
    step.dispose();
  }
}

const TORCH_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'torch_engine.py');
const threads = Number(args.threads ?? 1);

/** PyTorch on `n` threads, BLAS included (the script sets its thread variables before torch loads). */
function runTorch(scriptArgs: string[], n = 1): { status: number | null; stdout: string; stderr: string } {
  return spawnSync('/usr/bin/python3', [TORCH_SCRIPT, `--threads=${n}`, ...scriptArgs], { encoding: 'utf8' });
}

function torchGemmMs(list: Gemm[]): number | undefined {
  const r = runTorch(['--gemm', JSON.stringify(list)]);
  return r.status === 0 ? (JSON.parse(r.stdout.trim()) as { ms_per_step: number }).ms_per_step : undefined;
}

function benchTorch(shapes: Shape[], n = 1): Map<string, { samples_per_s: number; ms_per_step: number }> {
  const r = runTorch([JSON.stringify(shapes)], n);
  if (r.status !== 0) {
    console.warn(`PyTorch baseline unavailable: ${r.stderr.trim().split('\n').pop()}`);
    return new Map();
  }
  return new Map(r.stdout.trim().split('\n').map((l) => JSON.parse(l)).map((o) => [o.name, o]));
}

const gotThreads = backend === 'wasm' && threads > 1 ? await startNodeWasmThreads(threads) : (await setupBackend(backend), 1);
// The build machines are shared and their load swings within a minute, so each round times tfjs and then
// PyTorch on the same shape back to back, and the table keeps each side's fastest round (its time on the
// least loaded moment); the load average is printed with it.
const rounds = Number(args.rounds ?? 3);
console.log(`engine training step (forward + dropout, CE, backward, AdamW), vocab 30,522, backend ${tf.getBackend()} on ${gotThreads} thread(s), best of ${rounds} interleaved rounds`);
console.log(`load average before: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
type TorchResult = { samples_per_s: number; ms_per_step: number };
const ours = new Map<string, { samplesPerS: number; msPerStep: number }>();
const torch = new Map<string, TorchResult>();
const torchN = new Map<string, TorchResult>();
const keepBest = (m: Map<string, TorchResult>, name: string, t: TorchResult | undefined) => {
  if (t && (!m.has(name) || t.samples_per_s > m.get(name)!.samples_per_s)) m.set(name, t);
};
for (let r = 0; r < rounds; r++) {
  for (const s of SHAPES) {
    const o = await benchEngine(s);
    if (!ours.has(s.name) || o.samplesPerS > ours.get(s.name)!.samplesPerS) ours.set(s.name, o);
    const t = benchTorch([s]).get(s.name);
    keepBest(torch, s.name, t);
    if (gotThreads > 1) keepBest(torchN, s.name, benchTorch([s], gotThreads).get(s.name));
    console.log(`round ${r + 1} ${s.name}: tfjs ${o.samplesPerS.toFixed(1)}, PyTorch ${t ? t.samples_per_s.toFixed(1) : 'n/a'} samples/s`);
  }
}
console.log(`load average after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
const ratio = (a: number, t: TorchResult | undefined) => (t ? `${(a / t.samples_per_s).toFixed(2)}×` : 'n/a');
const many = gotThreads > 1 ? ` | PyTorch ${gotThreads} threads samples/s | ratio` : '';
console.log(`| shape | batch × seq | tfjs ${backend} (${gotThreads} thread${gotThreads > 1 ? 's' : ''}) samples/s | PyTorch CPU 1 thread samples/s | ratio${many} |`);
console.log(`|---|---|---|---|---|${gotThreads > 1 ? '---|---|' : ''}`);
for (const s of SHAPES) {
  const o = ours.get(s.name)!;
  const t = torch.get(s.name);
  const tn = torchN.get(s.name);
  const extra = gotThreads > 1 ? ` | ${tn ? tn.samples_per_s.toFixed(1) : 'n/a'} | ${ratio(o.samplesPerS, tn)}` : '';
  console.log(`| ${s.name} (${s.layers}L, H${s.hidden}, ${s.heads} heads, FFN ${s.ffn}) | ${s.batch} × ${s.seq} | ${o.samplesPerS.toFixed(1)} (${o.msPerStep.toFixed(0)} ms/step) | ${t ? t.samples_per_s.toFixed(1) : 'n/a'} | ${ratio(o.samplesPerS, t)}${extra} |`);
}

console.log('\nThe matrix products alone (bench/engine-gemm.ts), ms per step, best of 3 each:');
console.log(`| shape | GFLOP/step | tfjs ${backend} products (${gotThreads} thread${gotThreads > 1 ? 's' : ''}) | PyTorch products (1 thread) | products ratio | bound on the step ratio |`);
console.log('|---|---|---|---|---|---|');
for (const s of SHAPES) {
  const list = stepGemms(s);
  const gflop = gemmFlops(list) / 1e9;
  const ourMs = await timeTfjsGemms(list);
  const theirMs = torchGemmMs(list);
  const t = torch.get(s.name);
  const rate = (ms: number) => `${ms.toFixed(0)} ms (${(gflop / ms * 1000).toFixed(0)} GFLOP/s)`;
  console.log(`| ${s.name} | ${gflop.toFixed(1)} | ${rate(ourMs)} | ${theirMs ? rate(theirMs) : 'n/a'} | ${theirMs ? (theirMs / ourMs).toFixed(2) + '×' : 'n/a'} | ${t ? (t.ms_per_step / ourMs).toFixed(2) + '×' : 'n/a'} |`);
}
console.log('bound = PyTorch whole step ÷ tfjs products alone: the best ratio possible if every other kernel took no time.');
