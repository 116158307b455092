#!/usr/bin/env node
// npm run test:load [-- --runs N --busy K] — runs `npm test` N times (default 3) while K busy-looping
// processes (default: one per core) keep every core loaded, as a shared CI machine is. A test that passes
// alone but fails here waits for time instead of for a state; the tests must pass every run.
import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';

const option = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const runs = option('--runs', 3);
const busy = option('--busy', os.availableParallelism());
if (!(Number.isInteger(runs) && runs > 0 && Number.isInteger(busy) && busy >= 0)) {
  console.error('usage: npm run test:load [-- --runs N (≥ 1) --busy K (≥ 0 busy processes)]');
  process.exit(2);
}

const loaders = Array.from({ length: busy }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
const stopLoaders = () => loaders.forEach((p) => p.kill());
process.on('exit', stopLoaders);
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const results = [];
for (let run = 1; run <= runs; run++) {
  console.log(`\n=== npm test, run ${run} of ${runs}, with ${busy} busy process${busy === 1 ? '' : 'es'} on ${os.availableParallelism()} cores (load ${os.loadavg()[0].toFixed(1)})\n`);
  const started = Date.now();
  const r = spawnSync(npm, ['test'], { stdio: 'inherit' });
  results.push({ run, ok: r.status === 0, minutes: (Date.now() - started) / 60_000 });
}
stopLoaders();
console.log('\n=== under load:');
for (const { run, ok, minutes } of results) console.log(`  run ${run}: ${ok ? 'passed' : 'FAILED'} in ${minutes.toFixed(1)} min`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
