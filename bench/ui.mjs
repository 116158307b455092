// npm run bench:ui [-- --busy N] [-- --only before|after] [-- --imports-only] — does the page stay responsive while the worker
// trains and while a big file is imported? Builds the studio twice — from BASE (the commit before the
// main-thread work of docs/benchmarks.md's "Page responsiveness"; BENCH_UI_BASE=<rev> for another) and
// from this checkout — and runs the same scenario (bench/uiScenario.mjs) on both in headless Chromium,
// printing per phase the longest main-thread task, the total blocked time, the heartbeat's worst
// lateness, and the ratios. `--busy N` keeps N busy-looping processes running throughout (as
// `npm run test:load` does; N = the number of cores loads every core); `--imports-only` skips the two
// training runs. Nothing is asserted.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from '../test/browser/harness.mjs';
import { smsCsvOfSize } from './smsCsv.mjs';
import { runScenario } from './uiScenario.mjs';

/** The last commit before the page's main-thread work (charts, event batching, import path). */
const BASE = 'd2aeb809be274cf694f636304d5ef9b389ba13db';

const option = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const busy = Number(option('--busy') ?? 0);
const only = option('--only');
const training = !process.argv.includes('--imports-only');
const work = path.join(root, '.cache/bench-ui');
fs.mkdirSync(work, { recursive: true });

const sh = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr || r.stdout}`);
  return r.stdout;
};
const viteBuild = (cwd, outDir) => sh(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir'], { cwd });

/** The base commit's studio, built once into .cache/bench-ui/before-<commit> from its own sources. */
function buildBefore() {
  const rev = sh('git', ['rev-parse', '--verify', `${process.env.BENCH_UI_BASE ?? BASE}^{commit}`]).trim();
  const out = path.join(work, `before-${rev.slice(0, 12)}`);
  if (fs.existsSync(path.join(out, 'index.html'))) return { rev, out };
  const src = path.join(work, `src-${rev.slice(0, 12)}`);
  fs.rmSync(src, { recursive: true, force: true });
  fs.mkdirSync(src, { recursive: true });
  sh('bash', ['-c', `git archive --format=tar ${rev} | tar -x -C ${JSON.stringify(src)}`]);
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(src, 'node_modules'));
  viteBuild(src, out);
  fs.rmSync(src, { recursive: true, force: true });
  return { rev, out };
}

function buildAfter() {
  const out = path.join(work, 'after');
  viteBuild(root, out);
  const rev = sh('git', ['rev-parse', '--short=12', 'HEAD']).trim();
  const dirty = sh('git', ['status', '--porcelain', '--untracked-files=no']).trim() ? ' + uncommitted changes' : '';
  return { rev: `${rev}${dirty}`, out };
}

const loadavg = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
const fmt = (ms) => `${Math.round(ms).toLocaleString('en-US')} ms`;
const ratio = (a, b) => (b > 0 ? `${(a / b).toFixed(1)}×` : a > 0 ? '∞' : '—');

const SHOWN = ['seconds', 'longTasks', 'longestMs', 'blockedMs', 'heartbeatWorstMs', 'cpuMs', 'longestCpuMs'];

function printResults(runs) {
  const phases = Object.keys(runs[0].results);
  for (const p of phases) {
    console.log(`\n${p}:`);
    for (const { name, results } of runs) {
      const r = results[p];
      const extra = Object.entries(r).filter(([k]) => !SHOWN.includes(k))
        .map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(', ');
      console.log(`  ${name.padEnd(6)} ${r.seconds.toFixed(1)} s; ${r.longTasks} long tasks, longest ${fmt(r.longestMs)}, `
        + `total blocked ${fmt(r.blockedMs)}; heartbeat worst ${fmt(r.heartbeatWorstMs)} late; `
        + `main-thread CPU ${fmt(r.cpuMs)}, longest task's CPU ${fmt(r.longestCpuMs)}${extra ? `; ${extra}` : ''}`);
    }
    if (runs.length === 2) {
      const [b, a] = runs.map((x) => x.results[p]);
      console.log(`  before/after: longest ${ratio(b.longestMs, a.longestMs)}, blocked ${ratio(b.blockedMs, a.blockedMs)}, `
        + `heartbeat ${ratio(b.heartbeatWorstMs, a.heartbeatWorstMs)}, CPU ${ratio(b.cpuMs / b.seconds, a.cpuMs / a.seconds)} per second, `
        + `longest task's CPU ${ratio(b.longestCpuMs, a.longestCpuMs)}`);
    }
  }
}

const loaders = Array.from({ length: busy }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
const stopLoaders = () => loaders.forEach((p) => p.kill());
process.on('exit', stopLoaders);
process.on('SIGINT', () => process.exit(130));
try {
  const csvFiles = [12, 100].map((mib) => {
    const file = path.join(work, `sms-${mib}mib.csv`);
    smsCsvOfSize(file, mib);
    return [`${mib} MiB`, file];
  });
  const builds = [];
  if (only !== 'after') builds.push({ name: 'before', ...buildBefore() });
  if (only !== 'before') builds.push({ name: 'after', ...buildAfter() });
  console.log(`${os.cpus().length} cores, ${busy} busy-looping process${busy === 1 ? '' : 'es'}; load average ${loadavg()}`);
  const runs = [];
  for (const b of builds) {
    console.log(`${b.name}: ${b.rev} — running the scenario (uptime: ${sh('uptime', []).trim()})`);
    const results = await runScenario(b.out, csvFiles, { training });
    runs.push({ ...b, results });
    console.log(`${b.name}: done (load average ${loadavg()})`);
  }
  printResults(runs);
} finally {
  stopLoaders();
}
