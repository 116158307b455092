/**
 * bin/finetune-studio.js: runs dist-cli/ while it is up to date, else the sources through tsx; in-process
 * (SIGTERM reaches the CLI itself, no child is left: before training it quits at once, during training it
 * stops within a step and saves a checkpoint); `--help` loads none of the heavy packages.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ftstudio-launcher-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function node(args: string[], env: Record<string, string> = {}, cwd = root) {
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('the launcher picks the build or the sources', () => {
  // A miniature checkout: the real launcher, a "build" and a "source" that say which one ran.
  const mini = path.join(tmp, 'mini');
  fs.mkdirSync(path.join(mini, 'bin'), { recursive: true });
  fs.mkdirSync(path.join(mini, 'dist-cli'), { recursive: true });
  fs.mkdirSync(path.join(mini, 'src/cli'), { recursive: true });
  fs.copyFileSync(path.join(root, 'bin/finetune-studio.js'), path.join(mini, 'bin/finetune-studio.js'));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(mini, 'node_modules'));
  fs.writeFileSync(path.join(mini, 'package.json'), '{"type":"module"}');
  const source = path.join(mini, 'src/cli/main.ts');
  fs.writeFileSync(source, "const from: string = 'sources';\nconsole.log(`ran the ${from}`, process.argv.slice(2).join(' '));\n");
  fs.writeFileSync(path.join(mini, 'dist-cli/finetune-studio.mjs'), "console.log('ran the build', process.argv.slice(2).join(' '));\n");
  const manifest = (builtAt: number) => fs.writeFileSync(path.join(mini, 'dist-cli/build.json'), JSON.stringify({ builtAt, inputs: ['src/cli/main.ts'] }));
  const bin = path.join(mini, 'bin/finetune-studio.js');
  const debug = { FINETUNE_STUDIO_DEBUG: '1' };

  it('runs the build while no source is newer, with the arguments, and says so only in debug', () => {
    const sourceTime = fs.statSync(source).mtimeMs;
    manifest(sourceTime + 1000);
    const quiet = node([bin, 'predict', '--x'], {}, mini);
    expect(quiet).toEqual({ code: 0, out: 'ran the build predict --x\n', err: '' });
    expect(node([bin], debug, mini).err).toMatch(/running .*dist-cli\/finetune-studio\.mjs/);
  });

  it('runs the sources through tsx when a source changed after the build, a bundled package was updated, the build is missing, or when asked', () => {
    manifest(fs.statSync(source).mtimeMs - 1000);
    const stale = node([bin, 'train'], debug, mini);
    expect(stale.out).toBe('ran the sources train\n');
    expect(stale.err).toMatch(/tsx: src\/cli\/main\.ts changed after dist-cli\/ was built/);
    expect(node([bin], {}, mini).err).toBe('');

    manifest(fs.statSync(source).mtimeMs + 1000);
    const asked = node([bin], { ...debug, FINETUNE_STUDIO_FROM_SOURCE: '1' }, mini);
    expect(asked.out).toBe('ran the sources \n');
    expect(asked.err).toMatch(/FINETUNE_STUDIO_FROM_SOURCE is set/);

    // A package bundled into the build that npm has updated since (npm's files carry a fixed date, so the
    // manifest records versions): papaparse really is in node_modules, at another version than this one.
    const installed = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/papaparse/package.json'), 'utf8')).version as string;
    const writeManifest = (papaparse: string) => fs.writeFileSync(path.join(mini, 'dist-cli/build.json'),
      JSON.stringify({ builtAt: fs.statSync(source).mtimeMs + 1000, inputs: ['src/cli/main.ts'], packages: { papaparse } }));
    writeManifest(installed);
    expect(node([bin], {}, mini).out).toBe('ran the build \n');
    writeManifest('0.0.1');
    const updated = node([bin], debug, mini);
    expect(updated.out).toBe('ran the sources \n');
    expect(updated.err).toContain(`papaparse is ${installed} in node_modules, 0.0.1 in dist-cli/`);

    fs.rmSync(path.join(mini, 'dist-cli'), { recursive: true });
    const missing = node([bin], debug, mini);
    expect(missing.out).toBe('ran the sources \n');
    expect(missing.err).toMatch(/dist-cli\/ is missing/);
  });
});

describe('the built CLI', () => {
  // Lists the CommonJS packages loaded from node_modules by the time the process exits: none, since
  // scripts/build-cli.mjs bundles every package but Dawn's native addon.
  const preload = path.join(tmp, 'list-packages.mjs');
  fs.writeFileSync(preload, `import fs from 'node:fs';
import { createRequire } from 'node:module';
const Module = createRequire(import.meta.url)('node:module');
process.on('exit', () => {
  const pkgs = new Set(Object.keys(Module._cache).map((f) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(f)?.[1]).filter(Boolean));
  fs.writeSync(2, 'PACKAGES ' + JSON.stringify([...pkgs].sort()) + '\\n');
});
`);
  const loaded = (err: string) => JSON.parse(/PACKAGES (.*)/.exec(err)![1]) as string[];

  it('is up to date, and neither --help nor a command loads a package from node_modules: tfjs (core, cpu, wasm) bundled, no transformers.js', () => {
    const b = node(['scripts/build-cli.mjs']);
    expect(b.err).toBe('');
    const help = node(['--import', preload, 'bin/finetune-studio.js', '--help'], { FINETUNE_STUDIO_DEBUG: '1' });
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^finetune-studio — /);
    expect(help.err).toMatch(/running .*dist-cli/);
    expect(loaded(help.err)).toEqual([]);

    const predict = node(['--import', preload, 'bin/finetune-studio.js', 'predict']);
    expect(predict.code).toBe(1);
    expect(predict.err).toMatch(/missing --model/);
    expect(loaded(predict.err)).toEqual([]);
    // What the predict command did load is in the build: tfjs-core, its gradients, the tokenizer, papaparse —
    // and not tfjs's layers, converter, data or webgl, nor transformers.js (onnxruntime, sharp).
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'dist-cli/build.json'), 'utf8')) as { packages: Record<string, string> };
    expect(Object.keys(manifest.packages)).toEqual(expect.arrayContaining(['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm', '@huggingface/tokenizers', 'papaparse']));
    expect(Object.keys(manifest.packages).filter((p) => /tfjs-(layers|converter|data|backend-webgl)$|onnxruntime|sharp|@huggingface\/transformers/.test(p))).toEqual([]);
  });

  /** Starts `train` through the launcher; resolves once `ready` matches its output. */
  async function startTraining(out: string, ready: RegExp, more: string[] = []) {
    const child = spawn(process.execPath, [
      'bin/finetune-studio.js', 'train', '--data', 'public/samples/sms_spam.csv', '--text-column', 'text', '--label-column', 'label',
      '--model', 'public/models/offline-glove', '--out', out, '--threads', '1', ...more,
    ], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    child.stderr.on('data', (d: Buffer) => { log += d; });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        log += d;
        if (ready.test(log)) resolve();
      });
      void exited.then(() => reject(new Error(`exited before ${ready}: ${log}`)));
    });
    return { child, exited, log: () => log };
  }

  it('runs in the launcher\'s own process: SIGTERM before training quits at once with 143 and leaves no child behind', async () => {
    const { child, exited } = await startTraining(path.join(tmp, 'sigterm-early'), /^data: /m);
    const children = fs.readdirSync(`/proc/${child.pid}/task`)
      .flatMap((t) => fs.readFileSync(`/proc/${child.pid}/task/${t}/children`, 'utf8').split(' ').filter(Boolean));
    expect(children).toEqual([]);
    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 143, signal: null });
    expect(fs.existsSync(path.join(tmp, 'sigterm-early/model.safetensors'))).toBe(false);
  }, 120_000);

  it('SIGTERM during training stops within a step, saves a checkpoint and writes no model; a second signal is not needed', async () => {
    const out = path.join(tmp, 'sigterm');
    // Whole SMS Spam, Quick preset: over a hundred steps, so the signal lands far from the epoch's own checkpoint.
    const { child, exited, log } = await startTraining(out, /^step 1\//m, ['--preset', 'quick', '--epochs', '1']);
    child.kill('SIGTERM');
    expect(await exited, log()).toEqual({ code: 143, signal: null });
    expect(log()).toMatch(/SIGTERM: stopping after this step and saving a checkpoint/);
    const stoppedAt = Number(/paused at step (\d+)/.exec(log())?.[1]);
    expect(stoppedAt, log()).toBeGreaterThan(0);
    expect(log()).not.toMatch(/validation @ step/);
    expect(fs.existsSync(path.join(out, `checkpoints/cli__step-${stoppedAt}/tensors.safetensors`))).toBe(true);
    expect(fs.existsSync(path.join(out, 'model.safetensors'))).toBe(false);
  }, 300_000);
});
