// npm run bench:cli — how long the CLI takes to start, before and after it was built ahead of time.
// Three ways of running the same CLI, interleaved in each repetition (the machine's load swings):
//   tsx child  — the launcher as it was: a parent node spawns `node --import tsx src/cli/main.ts`;
//   tsx        — bin/finetune-studio.js on its source fallback (FINETUNE_STUDIO_FROM_SOURCE=1), in-process;
//   built      — bin/finetune-studio.js running dist-cli/ (npm's `prepare` builds it).
// Timed: `--help`; `predict` with no flags (loads the predict command's modules — tfjs, the tokenizer —
// then stops at the usage error: the start-up a predict pays before its first row); a 300-row predict with
// the bundled model (public/models/offline-glove) fine-tuned for a few steps, on one wasm thread (two
// threads on a shared 2-core machine swing by 3×). Prints medians, ratios and the start-up share of predict,
// with and without Node's own start (`node -e 0`, timed in the same repetitions: no CLI can start faster).
// Options: --reps=N (default 7; the 300-row predict runs ceil(N/2) times).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = path.join(root, '.cache/bench-cli');
const reps = Number(process.argv.find((a) => a.startsWith('--reps='))?.split('=')[1] ?? 7);
fs.mkdirSync(work, { recursive: true });

// The launcher up to this change, verbatim but for the path of main.ts.
const oldLauncher = path.join(work, 'launcher-tsx-child.mjs');
fs.writeFileSync(oldLauncher, `import { spawn } from 'node:child_process';
const main = ${JSON.stringify(path.join(root, 'src/cli/main.ts'))};
const tsx = import.meta.resolve('tsx');
const child = spawn(process.execPath, ['--import', tsx, main, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => { process.exitCode = code ?? (signal ? 128 : 1); });
process.on('SIGINT', () => {});
`);
const bin = path.join(root, 'bin/finetune-studio.js');
const PATHS = [
  { name: 'tsx child', script: oldLauncher, env: {} },
  { name: 'tsx', script: bin, env: { FINETUNE_STUDIO_FROM_SOURCE: '1' } },
  { name: 'built', script: bin, env: {} },
];

function run(script, args, env = {}) {
  const t0 = performance.now();
  // tsx resolves from the repository (the old launcher lives under .cache/ but resolves tsx from there too).
  const r = spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 300_000 });
  const ms = performance.now() - t0;
  return { ms, status: r.status, out: r.stdout, err: r.stderr };
}

function check(r, what, wantStatus = 0) {
  if (r.status !== wantStatus) throw new Error(`${what} exited ${r.status}:\n${r.err || r.out}`);
  return r;
}

// 1. A fresh build, so "built" is this checkout's.
check(run(path.join(root, 'scripts/build-cli.mjs'), ['--verbose']), 'the CLI build');

// 2. Data and a trained model (made once, kept in .cache/bench-cli/).
const sms = Papa.parse(fs.readFileSync(path.join(root, 'public/samples/sms_spam.csv'), 'utf8'), { skipEmptyLines: true }).data;
const predictCsv = path.join(work, 'predict-300.csv');
fs.writeFileSync(predictCsv, Papa.unparse(sms.slice(0, 301)));
const model = path.join(work, 'model');
if (!fs.existsSync(path.join(model, 'model.safetensors'))) {
  const trainCsv = path.join(work, 'train-400.csv');
  fs.writeFileSync(trainCsv, Papa.unparse([sms[0], ...sms.slice(301, 701)]));
  console.log('training the bundled model for a few steps (once; kept in .cache/bench-cli/model)…');
  check(run(bin, ['train', '--data', trainCsv, '--text-column', 'text', '--label-column', 'label', '--model', path.join(root, 'public/models/offline-glove'),
    '--out', model, '--epochs', '1', '--batch-size', '32', '--max-length', '64', '--threads', '1']), 'the training run');
}
const predictArgs = ['predict', '--model', model, '--data', predictCsv, '--text-column', 'text', '--out', path.join(work, 'preds.csv'), '--threads', '1'];

// 3. The timings, interleaved.
const CASES = [
  { key: 'help', label: '`--help`', args: ['--help'], status: 0, reps },
  { key: 'startup', label: '`predict` start-up (modules loaded, stops at the usage error)', args: ['predict'], status: 1, reps },
  { key: 'predict', label: '`predict` 300 rows (bundled model, 1 wasm thread)', args: predictArgs, status: 0, reps: Math.ceil(reps / 2) },
];
const times = new Map(); // `${case}/${path}` → ms[]
const bareNode = []; // `node -e 0`
console.log(`load average before: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores; ${reps} repetitions`);
for (const c of CASES) {
  for (let i = 0; i < c.reps; i++) {
    const t0 = performance.now();
    check({ ...spawnSync(process.execPath, ['-e', '0']), err: '' }, 'node -e 0');
    bareNode.push(performance.now() - t0);
    for (const p of PATHS) {
      const r = check(run(p.script, c.args, p.env), `${p.name} ${c.args.join(' ')}`, c.status);
      if (c.key === 'startup' && !/missing --model/.test(r.err)) throw new Error(`predict with no flags said: ${r.err}`);
      const key = `${c.key}/${p.name}`;
      times.set(key, [...(times.get(key) ?? []), r.ms]);
    }
  }
}
console.log(`load average after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const med = (c, p) => median(times.get(`${c}/${p}`));
const ms = (x) => `${x >= 1000 ? (x / 1000).toFixed(2) + ' s' : x.toFixed(0) + ' ms'}`;
console.log(`\n| median wall time | ${PATHS.map((p) => p.name).join(' | ')} | tsx child ÷ built |`);
console.log(`|---|${PATHS.map(() => '---|').join('')}---|`);
for (const c of CASES) {
  console.log(`| ${c.label} | ${PATHS.map((p) => ms(med(c.key, p.name))).join(' | ')} | ${(med(c.key, 'tsx child') / med(c.key, 'built')).toFixed(1)}× |`);
}
console.log(`| start-up share of the 300-row predict | ${PATHS.map((p) => `${(100 * med('startup', p.name) / med('predict', p.name)).toFixed(0)} %`).join(' | ')} | |`);
const node0 = median(bareNode);
console.log(`| the same, Node's own start (\`node -e 0\`: ${ms(node0)}) taken out | ${PATHS.map((p) => `${(100 * (med('startup', p.name) - node0) / (med('predict', p.name) - node0)).toFixed(0)} %`).join(' | ')} | |`);
