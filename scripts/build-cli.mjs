#!/usr/bin/env node
// Builds the CLI ahead of time: src/cli/main.ts → dist-cli/finetune-studio.mjs (+ one chunk per command,
// so `--help` loads neither tfjs nor the tokenizer). Runs as npm's `prepare` (after every `npm install` /
// `npm ci`) and takes about a second. Packages stay external (they load from node_modules), and the
// CommonJS ones the CLI imports are loaded with require() (see REQUIRED_PACKAGES: what that saves).
//
// dist-cli/build.json lists every source file that went into the build; bin/finetune-studio.js runs the
// built file only while none of them is newer than the build, else it runs the sources through tsx.
// A failed build never fails the install: the launcher then runs the sources (slower start-up, same CLI).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist-cli');

/**
 * tfjs is bundled from its ES modules rather than loaded from node_modules. Its Node entry points are
 * CommonJS files of a megabyte or more, and Node imports CommonJS from ESM by first scanning the whole
 * source for export names (cjs-module-lexer), which cost more than running them; and '@tensorflow/tfjs'
 * adds webgl, layers, converter and data, none of which runs in Node. Measured on one idle core: `import`
 * of '@tensorflow/tfjs' 180 ms, of tfjs-core + backend-cpu 85 ms; the same bundled from ES modules 25 ms.
 * '@tensorflow/tfjs' becomes what the engine uses of it: the core, its gradients and chained ops (the full
 * package registers both; tfjs-core alone does not), and the cpu backend. wasm and webgpu stay in their
 * own chunks, loaded when chosen.
 */
const BUNDLED_PACKAGES = new Set(['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu']);
const TFJS_FOR_NODE = `import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';
export * from '@tensorflow/tfjs-core';
`;
// The bundled CommonJS parts (tfjs's dependencies, emscripten's wasm glue) call require() and read
// __dirname, which ES modules lack. The wasm glue's __dirname is only a default: the CLI tells the wasm
// backend where its .wasm files are (src/cli/backend.ts).
const BANNER = `import { createRequire as __finetuneStudioCreateRequire } from 'node:module';
import { dirname as __finetuneStudioDirname } from 'node:path';
import { fileURLToPath as __finetuneStudioFileURLToPath } from 'node:url';
const require = __finetuneStudioCreateRequire(import.meta.url);
const __filename = __finetuneStudioFileURLToPath(import.meta.url);
const __dirname = __finetuneStudioDirname(__filename);`;

/** Packages external except BUNDLED_PACKAGES; '@tensorflow/tfjs' is the virtual module TFJS_FOR_NODE. */
const cliPackages = {
  name: 'cli-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path === '@tensorflow/tfjs') return { path: args.path, namespace: 'tfjs-for-node' };
      const pkg = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
      return BUNDLED_PACKAGES.has(pkg) ? undefined : { path: args.path, external: true };
    });
    b.onLoad({ filter: /.*/, namespace: 'tfjs-for-node' }, () => ({ contents: TFJS_FOR_NODE, resolveDir: root, loader: 'js' }));
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
    mainFields: ['module', 'main'], // the ES modules of the bundled packages
    banner: { js: BANNER },
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
