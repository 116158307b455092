/**
 * Where one training step's time goes on a backend: every kernel call of a bert-tiny step timed by
 * tf.profile, summed per kernel name (and per kernel + input shapes with --shapes).
 * Run: npx tsx bench/engine-profile.ts [--backend=wasm] [--only=bert-tiny|bert-mini] [--shapes] [--threads=N]
 */
import * as tf from '@tensorflow/tfjs';
import { setupBackend, type BackendName } from '../src/core/model/backends';
import { startNodeWasmThreads } from '../src/cli/nodeWasmThreads';
import { createEngineStep, profileStep } from './engineStep';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const mini = args.only === 'bert-mini';
const s = mini
  ? { layers: 4, hidden: 256, heads: 4, ffn: 1024, batch: 32, seq: 128 }
  : { layers: 2, hidden: 128, heads: 2, ffn: 512, batch: 32, seq: 128 };

const threads = Number(args.threads ?? 1);
if ((args.backend ?? 'wasm') === 'wasm' && threads > 1) await startNodeWasmThreads(threads);
else await setupBackend((args.backend ?? 'wasm') as BackendName);
const step = createEngineStep(s);
for (let i = 0; i < 2; i++) await step.run(i);
const p = await profileStep(step, 7, 'shapes' in args);
console.log(`${tf.getBackend()} ${mini ? 'bert-mini' : 'bert-tiny'}: step ${p.wallMs.toFixed(0)} ms wall (profiled), kernels ${p.totalMs.toFixed(0)} ms, ${p.calls} kernel calls`);
for (const e of p.rows.slice(0, 40)) {
  console.log(`${e.ms.toFixed(1).padStart(8)} ms ${(100 * e.ms / p.totalMs).toFixed(1).padStart(5)}% ${String(e.n).padStart(4)}× ${e.key}`);
}
step.dispose();
