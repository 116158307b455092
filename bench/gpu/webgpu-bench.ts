/**
 * The engine's training step on WebGPU in Node (Dawn, through the `webgpu` package), for one shape: the
 * GPU bench's Node half (bench/gpu/run.py drives it; the GPU kit ships it bundled with a Node binary).
 * Prints JSON lines on stdout: {"adapter"} once, then {"result"} (samples/s over the timed steps), then
 * with --profile {"profile"}: per-kernel GPU time of one step (tf.profile; WebGPU timestamp queries).
 *
 * Usage: node webgpu-bench.mjs '<shape JSON: name, layers, hidden, heads, ffn, batch, seq, steps>'
 *        [--max-seconds=S] [--warmup=N] [--profile]
 * The timed loop stops after `steps` steps or S seconds (at least one step), so a slow adapter cannot run
 * past its share of the time. Dawn options come from FTS_DAWN_OPTIONS (src/cli/nodeWebGpu.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '../../src/core/model/backends';
import { installNodeWebGpu } from '../../src/cli/nodeWebGpu';
import { createEngineStep, profileStep, type Shape } from '../engineStep';

const emit = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);
const flags = Object.fromEntries(process.argv.slice(3).map((a) => a.replace(/^--/, '').split('=')));
const shape = JSON.parse(process.argv[2] ?? '') as Shape;
const maxMs = Number(flags['max-seconds'] ?? 60) * 1000;
const warmup = Number(flags.warmup ?? 2);

const t0 = performance.now();
const gpu = await installNodeWebGpu();
await setupBackend('webgpu');
// tfjs asks for timestamp-query whenever the adapter has it; without it the profile reads zeros.
const timestampQuery = (tf.backend() as unknown as { device: { features: Set<string> } }).device.features.has('timestamp-query');
emit({ adapter: gpu.adapter, fallback: gpu.isFallbackAdapter, timestamp_query: timestampQuery });

const step = createEngineStep(shape);
const initMs = performance.now() - t0;
const warm: number[] = [];
for (let i = 0; i < warmup; i++) {
  const w = performance.now();
  await step.run(i);
  warm.push(performance.now() - w);
}
const losses: number[] = [];
const start = performance.now();
while (losses.length < Math.max(1, shape.steps) && (losses.length === 0 || performance.now() - start < maxMs)) {
  losses.push(await step.run(100 + losses.length));
}
const ms = (performance.now() - start) / losses.length;
emit({
  result: {
    name: shape.name, samples_per_s: (shape.batch * 1000) / ms, ms_per_step: ms, steps: losses.length,
    warmup_ms: warm.map(Math.round), init_ms: Math.round(initMs), loss_first: losses[0], loss_last: losses.at(-1),
  },
});
if ('profile' in flags) {
  const p = await profileStep(step, 999, 'shapes' in flags);
  emit({ profile: { name: shape.name, wall_ms: p.wallMs, kernel_ms: p.totalMs, calls: p.calls, rows: p.rows.slice(0, 25) } });
}
step.dispose();
process.exit(0); // Dawn's instance keeps the event loop alive
