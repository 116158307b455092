/**
 * bin/finetune-studio.js: runs dist-cli/ while it is up to date, else the sources through tsx; in-process
 * (SIGTERM ends the CLI itself, no child is left); `--help` loads none of the heavy packages.
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

  it('runs the sources through tsx when a source changed after the build, the build is missing, or when asked', () => {
    manifest(fs.statSync(source).mtimeMs - 1000);
    const stale = node([bin, 'train'], debug, mini);
    expect(stale.out).toBe('ran the sources train\n');
    expect(stale.err).toMatch(/tsx: src\/cli\/main\.ts changed after dist-cli\/ was built/);
    expect(node([bin], {}, mini).err).toBe('');

    manifest(fs.statSync(source).mtimeMs + 1000);
    const asked = node([bin], { ...debug, FINETUNE_STUDIO_FROM_SOURCE: '1' }, mini);
    expect(asked.out).toBe('ran the sources \n');
    expect(asked.err).toMatch(/FINETUNE_STUDIO_FROM_SOURCE is set/);

    fs.rmSync(path.join(mini, 'dist-cli'), { recursive: true });
    const missing = node([bin], debug, mini);
    expect(missing.out).toBe('ran the sources \n');
    expect(missing.err).toMatch(/dist-cli\/ is missing/);
  });
});

describe('the built CLI', () => {
  // Lists the CommonJS packages loaded by the time the process exits: tfjs and papaparse, and sharp's native parts.
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

  it('is up to date, and --help loads no package while a command loads what it needs and not sharp', () => {
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
    expect(loaded(predict.err)).toEqual(expect.arrayContaining(['@tensorflow/tfjs', 'papaparse']));
    expect(loaded(predict.err).filter((p) => /sharp/.test(p))).toEqual([]); // sharp itself is ESM: its native parts show
  });

  it('runs in the launcher\'s own process: SIGTERM ends a training run and leaves no child behind', async () => {
    const child = spawn(process.execPath, [
      'bin/finetune-studio.js', 'train', '--data', 'public/samples/sms_spam.csv', '--text-column', 'text', '--label-column', 'label',
      '--model', 'public/models/offline-glove', '--out', path.join(tmp, 'sigterm'), '--threads', '1',
    ], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d;
        if (/^data: /m.test(out)) resolve();
      });
      child.on('exit', () => reject(new Error(`exited before training started: ${out}`)));
    });
    const children = fs.readdirSync(`/proc/${child.pid}/task`)
      .flatMap((t) => fs.readFileSync(`/proc/${child.pid}/task/${t}/children`, 'utf8').split(' ').filter(Boolean));
    expect(children).toEqual([]);
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGTERM');
    expect(await exited).toBe('SIGTERM');
  }, 120_000);
});
