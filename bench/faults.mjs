// npm run bench:faults — fault injection on the CLI's training runs, end to end, with the tiny BERT fixture.
//  1. An uninterrupted run: its model.safetensors is the reference.
//  2. Trials (--trials=N, default 3): a run killed with SIGKILL at a random point (seeded: after the
//     checkpoint of a random step, plus a random 0–400 ms, so some kills land inside a checkpoint write),
//     resumed and killed again, then resumed to the end. Each final model.safetensors must equal the
//     reference byte for byte.
//  3. A damaged newest checkpoint (2,000 flipped bytes in its tensors; then a truncated record.json): the
//     resume must say which checkpoint is damaged, fall back to the previous one, and end bit-identical.
//  4. A disk that fills up mid-run (a tmpfs in a private mount namespace, `unshare -rm`; skipped, and said
//     so, where user namespaces are not allowed): the run must stop naming the checkpoint and the space
//     needed, leave no partial file, and — with space again — resume to the same bytes.
// Prints each check with PASS/FAIL and exits 1 if any failed. Options: --trials=N, --seed=S.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = path.join(root, '.cache/bench-faults');
const arg = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const trials = arg('trials', 3);
let seed = arg('seed', 7) >>> 0;
/** mulberry32, as src/core/rng.ts */
const random = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
const data = path.join(work, 'sms-400.csv');
fs.writeFileSync(data, fs.readFileSync(path.join(root, 'public/samples/sms_spam.csv'), 'utf8').split('\n').slice(0, 401).join('\n'));
const spec = path.join(work, 'job.json');
// All layers but the (30,522-row) embeddings train, with dropout; a checkpoint every 2 steps; 40 steps.
fs.writeFileSync(spec, JSON.stringify({
  hyperparameters: {
    epochs: 2, batchSize: 16, learningRate: 1e-3, maxSequenceLength: 32,
    freeze: { embeddings: true, firstLayers: 0, headOnly: false },
    checkpoints: { strategy: 'steps', everySteps: 2, keepLast: 3 },
  },
}));
const TOTAL_STEPS = 40;
const bin = path.join(root, 'bin/finetune-studio.js');
const trainArgs = (out) => ['train', '--data', data, '--text-column', 'text', '--label-column', 'label',
  '--model', path.join(root, 'test/fixtures/hub/ftstudio-fixtures/tiny-bert'), '--out', out, '--spec', spec, '--threads', '1'];

let failures = 0;
function check(ok, what, detail = '') {
  if (!ok) failures++;
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${what}${detail ? ` — ${detail}` : ''}`);
}

/** Runs train; with `killAfterStep`, SIGKILLs it `delayMs` after its checkpoint of that step (or a later one). */
function train(out, { resume = false, killAfterStep, delayMs = 0 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...trainArgs(out), ...(resume ? ['--resume'] : [])], { cwd: root });
    let log = '';
    let killed = false;
    const onData = (d) => {
      log += d;
      const steps = [...log.matchAll(/^checkpoint cli\/step-(\d+)/gm)].map((m) => Number(m[1]));
      if (killAfterStep !== undefined && !killed && steps.some((s) => s >= killAfterStep)) {
        killed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code, signal) => resolve({ code, signal, log }));
  });
}

const modelOf = (out) => fs.readFileSync(path.join(out, 'model.safetensors'));
const started = performance.now();

const reference = path.join(work, 'reference');
const ref = await train(reference);
check(ref.code === 0, 'uninterrupted run', ref.code === 0 ? `${TOTAL_STEPS} steps` : ref.log.slice(-500));
if (ref.code !== 0) process.exit(1);
const want = modelOf(reference);

for (let t = 1; t <= trials; t++) {
  const out = path.join(work, `trial-${t}`);
  const kills = [];
  for (let k = 0; k < 2; k++) {
    const step = 2 * (1 + Math.floor(random() * (TOTAL_STEPS / 2 - 5)));
    const delayMs = Math.floor(random() * 400);
    const r = await train(out, { resume: k > 0, killAfterStep: step, delayMs });
    kills.push(`${r.signal === 'SIGKILL' ? 'killed' : `ended (${r.code})`} after step ${step} + ${delayMs} ms`);
  }
  const last = await train(out, { resume: true });
  const resumedAt = /resuming at step (\d+)/.exec(last.log)?.[1] ?? '?';
  const same = last.code === 0 && modelOf(out).equals(want);
  check(same, `trial ${t}: ${kills.join(', then ')}; the last resume started at step ${resumedAt}`,
    same ? 'model.safetensors bit-identical' : last.log.slice(-800));
}

/** Flips bytes or truncates a file of the newest checkpoint, resumes, and checks the fallback and the bytes. */
async function damaged(name, damage, expectFile) {
  const out = path.join(work, `damaged-${name}`);
  fs.cpSync(reference, out, { recursive: true });
  fs.rmSync(path.join(out, 'model.safetensors'));
  const folder = path.join(out, 'checkpoints', `cli__step-${TOTAL_STEPS}`);
  damage(folder);
  const r = await train(out, { resume: true });
  const fellBack = new RegExp(`cli/step-${TOTAL_STEPS}.*${expectFile}.* so it resumed from the newest intact checkpoint, cli/step-${TOTAL_STEPS - 2}`).test(r.log);
  const same = r.code === 0 && modelOf(out).equals(want);
  check(fellBack && same, `damaged newest checkpoint (${name}): says so, falls back to step ${TOTAL_STEPS - 2}, ends bit-identical`,
    fellBack && same ? (/^warning: checkpoint .*/m.exec(r.log)?.[0] ?? '').slice(0, 260) : r.log.slice(-800));
}

await damaged('flipped bytes', (folder) => {
  const f = path.join(folder, 'tensors.safetensors');
  const b = fs.readFileSync(f);
  for (let i = 0; i < 2000; i++) b[b.length - 1 - Math.floor(random() * (b.length / 2))] ^= 0xff;
  fs.writeFileSync(f, b);
}, 'does not match|do not match');
await damaged('truncated record.json', (folder) => {
  fs.truncateSync(path.join(folder, 'record.json'), 200);
}, 'record\\.json is damaged');

// A disk that fills up mid-run, in a private mount namespace (nothing outside it is touched).
const unshare = spawnSync('unshare', ['-rm', 'true']);
if (unshare.status !== 0) {
  console.log(`SKIP  disk full mid-run: user namespaces are not available here (unshare -rm: ${unshare.error?.message ?? unshare.stderr.toString().trim()})`);
} else {
  const diskOut = path.join(work, 'disk-full');
  fs.mkdirSync(diskOut);
  const q = (s) => `'${String(s).replace(/'/g, "'\\''")}'`;
  const cmd = (extra) => [process.execPath, bin, ...trainArgs(`${diskOut}/out`), ...extra].map(q).join(' ');
  // 48 MB: the pre-flight check (two checkpoints and the model) passes; then a file takes all but 1 MB.
  const script = `set -u
mount -t tmpfs -o size=48m tmpfs ${q(diskOut)} || exit 90
( ${cmd([])} > ${q(`${diskOut}/first.log`)} 2>&1; echo $? > ${q(`${diskOut}/first.code`)} ) &
while ! ls ${q(`${diskOut}/out/checkpoints`)} 2>/dev/null | grep -q step; do sleep 0.2; done
free=$(df --output=avail -B1 ${q(diskOut)} | tail -1)
head -c $((free - 1048576)) /dev/zero > ${q(`${diskOut}/filler`)} 2>/dev/null
wait
ls -a ${q(`${diskOut}/out/checkpoints`)}/* > ${q(`${diskOut}/after.txt`)}
rm ${q(`${diskOut}/filler`)}
${cmd(['--resume'])} > ${q(`${diskOut}/resume.log`)} 2>&1; echo $? > ${q(`${diskOut}/resume.code`)}
mkdir -p ${q(`${work}/disk-full-result`)}
cp ${q(diskOut)}/*.log ${q(diskOut)}/*.code ${q(diskOut)}/after.txt ${q(`${work}/disk-full-result`)}/
cp ${q(`${diskOut}/out/model.safetensors`)} ${q(`${work}/disk-full-result`)}/ 2>/dev/null
exit 0`;
  const r = spawnSync('unshare', ['-rm', 'bash', '-c', script], { encoding: 'utf8' });
  const res = path.join(work, 'disk-full-result');
  if (r.status === 90 || !fs.existsSync(res)) {
    console.log(`SKIP  disk full mid-run: cannot mount a tmpfs here (${(r.stderr || '').trim().split('\n').pop()})`);
  } else {
    const read = (f) => fs.readFileSync(path.join(res, f), 'utf8');
    const first = read('first.log');
    const message = /The disk is full: checkpoint cli\/step-\d+ needs about [\d.]+ MB in .*, and only [\d.]+ MB is free\. Earlier checkpoints are intact/.exec(first);
    const leftovers = read('after.txt').split('\n').filter((f) => /\.tmp$/.test(f));
    check(read('first.code').trim() === '1' && Boolean(message) && leftovers.length === 0,
      'disk full mid-run: stops naming the checkpoint and the space needed, no partial file left',
      message ? message[0].slice(0, 200) : first.slice(-600));
    const resumed = read('resume.code').trim() === '0' && fs.readFileSync(path.join(res, 'model.safetensors')).equals(want);
    check(resumed, 'disk full mid-run: with space again, --resume ends bit-identical', resumed ? '' : read('resume.log').slice(-600));
  }
}

console.log(`\n${failures === 0 ? 'all checks passed' : `${failures} check(s) failed`} in ${((performance.now() - started) / 1000).toFixed(0)} s ` +
  `(seed ${arg('seed', 7)}, ${trials} trials; work files in ${path.relative(root, work)})`);
process.exit(failures === 0 ? 0 : 1);
