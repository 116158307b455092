#!/usr/bin/env node
// Builds the CLI ahead of time: src/cli/main.ts → dist-cli/finetune-studio.mjs (+ one chunk per command,
// so `--help` loads neither tfjs nor the tokenizer). Runs as npm's `prepare` (after every `npm install` /
// `npm ci`) and takes about a second. Packages are bundled with it (see EXTERNAL_PACKAGES: what that saves).
//
// dist-cli/build.json lists every source file that went into the build and the version of every package
// bundled; bin/finetune-studio.js runs the built file only while no source is newer than the build and
// node_modules holds the same versions, else it runs the sources through tsx.
// A failed build never fails the install: the launcher then runs the sources (slower start-up, same CLI).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist-cli');

/**
 * Packages are bundled too, from their ES modules where they have them, all but EXTERNAL_PACKAGES. Node
 * imports a CommonJS file from ESM by first scanning its whole source for export names (cjs-module-lexer):
 * for tfjs's megabyte bundles that scan cost more than running them, and every package loaded from
 * node_modules is a few more file lookups and compiles. Measured on one idle core: `import` of
 * '@tensorflow/tfjs' 180 ms, of tfjs-core + backend-cpu 85 ms; the same bundled from ES modules 25 ms; the
 * `predict` start-up with tfjs bundled 105 ms, with every package bundled 84 ms (`node -e 0`: 47 ms).
 * '@tensorflow/tfjs' becomes what the engine uses of it: the core, its gradients and chained ops (the full
 * package registers both; tfjs-core alone does not), and the cpu backend — not webgl, layers, converter and
 * data, none of which runs in Node. wasm and webgpu stay in their own chunks, loaded when chosen.
 */
const EXTERNAL_PACKAGES = new Set([
  'webgpu', // Dawn's native addon: loaded from node_modules, and only by --backend webgpu
]);
const TFJS_FOR_NODE = `import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';
export * from '@tensorflow/tfjs-core';
`;
// The bundled CommonJS parts (tfjs's dependencies, emscripten's wasm glue) call require() and read
// __dirname, which ES modules lack. The wasm glue's __dirname is only a default: the CLI tells the wasm
// backend where its .wasm files are (src/cli/nodeWasmThreads.ts).
const BANNER = `import { createRequire as __finetuneStudioCreateRequire } from 'node:module';
import { dirname as __finetuneStudioDirname } from 'node:path';
import { fileURLToPath as __finetuneStudioFileURLToPath } from 'node:url';
const require = __finetuneStudioCreateRequire(import.meta.url);
const __filename = __finetuneStudioFileURLToPath(import.meta.url);
const __dirname = __finetuneStudioDirname(__filename);`;

const packageOf = (p) => (p.startsWith('@') ? p.split('/').slice(0, 2).join('/') : p.split('/')[0]);

/** Every package bundled but EXTERNAL_PACKAGES; '@tensorflow/tfjs' is the virtual module TFJS_FOR_NODE. */
const cliPackages = {
  name: 'cli-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path === '@tensorflow/tfjs') return { path: args.path, namespace: 'tfjs-for-node' };
      return EXTERNAL_PACKAGES.has(packageOf(args.path)) ? { path: args.path, external: true } : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'tfjs-for-node' }, () => ({ contents: TFJS_FOR_NODE, resolveDir: root, loader: 'js' }));
  },
};

/**
 * The version of every package the build bundled: the launcher runs the build only while node_modules
 * holds the same versions (npm gives extracted files a fixed date, so an update does not show in mtimes).
 */
function bundledPackages(metafileInputs) {
  const versions = {};
  for (const f of metafileInputs) {
    const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f);
    if (!m || m[1] in versions) continue;
    versions[m[1]] = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', m[1], 'package.json'), 'utf8')).version;
  }
  return versions;
}

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
    mainFields: ['module', 'main'], // the ES modules of the bundled packages
    banner: { js: BANNER },
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'error',
  });
  const all = Object.keys(result.metafile.inputs).filter((f) => !f.includes(':'));
  const inputs = all.filter((f) => !f.startsWith('node_modules/')).sort();
  const packages = bundledPackages(all);
  fs.writeFileSync(path.join(outdir, 'build.json'), `${JSON.stringify({ builtAt: started, inputs, packages }, null, 1)}\n`);
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
