#!/usr/bin/env node
// Builds the CLI ahead of time: src/cli/main.ts → dist-cli/finetune-studio.mjs (+ one chunk per command,
// so `--help` loads neither tfjs nor the tokenizer). Runs as npm's `prepare` (after every `npm install` /
// `npm ci`) and takes about a second. Packages stay external (they load from node_modules as before), but
// for two that the CLI pays for at every start without using (measured, best of 5, one idle-ish core):
// - '@tensorflow/tfjs' is the core plus cpu, webgl, layers, converter and data (~0.8 s to import); the CLI
//   uses the core ops and the cpu/wasm/webgpu backends, so it gets tfjs-core + tfjs-backend-cpu (~0.45 s);
// - @huggingface/transformers imports `sharp` (libvips, ~0.3 s) for images at load; the CLI only tokenizes,
//   so transformers is bundled with a stand-in for sharp that throws if an image is ever decoded.
//
// dist-cli/build.json lists every source file that went into the build; bin/finetune-studio.js runs the
// built file only while none of them is newer than the build, else it runs the sources through tsx.
// A failed build never fails the install: the launcher then runs the sources (slower start-up, same CLI).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist-cli');

const STAND_INS = {
  sharp: "export default function sharp() { throw new Error('finetune-studio: images are not supported (sharp is not loaded)'); }\n",
};
const BUNDLED_PACKAGES = new Set(['@huggingface/transformers']);

/** Packages external except the stand-ins and BUNDLED_PACKAGES; the stand-ins are virtual modules. */
const cliPackages = {
  name: 'cli-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path in STAND_INS && args.namespace !== 'stand-in') return { path: args.path, namespace: 'stand-in' };
      const pkg = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
      return BUNDLED_PACKAGES.has(pkg) ? undefined : { path: args.path, external: true };
    });
    b.onLoad({ filter: /.*/, namespace: 'stand-in' }, (args) => ({ contents: STAND_INS[args.path], resolveDir: root, loader: 'js' }));
  },
};

async function build() {
  const esbuild = await import('esbuild');
  const started = Date.now();
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { 'finetune-studio': 'src/cli/main.ts' },
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    plugins: [cliPackages],
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'error',
  });
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.includes(':') && !f.startsWith('node_modules/')).sort();
  fs.writeFileSync(path.join(outdir, 'build.json'), `${JSON.stringify({ builtAt: started, inputs }, null, 1)}\n`);
  return { ms: Date.now() - started, inputs: inputs.length };
}

fs.rmSync(outdir, { recursive: true, force: true });
try {
  const { ms, inputs } = await build();
  if (process.argv.includes('--verbose')) console.log(`dist-cli: ${inputs} source files bundled in ${ms} ms`);
} catch (e) {
  fs.rmSync(outdir, { recursive: true, force: true });
  console.warn(`finetune-studio: the CLI was not built ahead of time (${e instanceof Error ? e.message.split('\n')[0] : e}); it will run from its TypeScript sources.`);
}
