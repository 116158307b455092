#!/usr/bin/env node
// Runs the CLI in this process (no child: Ctrl-C and SIGTERM reach it directly). It runs the build made by
// `npm install` (npm's `prepare` → scripts/build-cli.mjs → dist-cli/) while that build is at least as new as
// every source file it was made from and the packages it bundled are installed at the same versions;
// otherwise (no build, sources edited or packages updated since) it runs src/cli/main.ts through tsx's
// loader, which takes a second or two longer to start. tsx is therefore
// still a runtime dependency. FINETUNE_STUDIO_DEBUG=1 says on stderr which one runs and why;
// FINETUNE_STUDIO_FROM_SOURCE=1 always runs the sources.
import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = `${root}dist-cli/finetune-studio.mjs`;
const debug = (line) => {
  if (process.env.FINETUNE_STUDIO_DEBUG) process.stderr.write(`finetune-studio: ${line}\n`);
};

/** Why the build cannot be used, or '' when it is up to date. A few dozen stat() calls and reads: ~2 ms. */
function staleBuild() {
  if (process.env.FINETUNE_STUDIO_FROM_SOURCE) return 'FINETUNE_STUDIO_FROM_SOURCE is set';
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(`${root}dist-cli/build.json`, 'utf8'));
    fs.statSync(built);
  } catch {
    return 'dist-cli/ is missing (run `npm run build:cli`)';
  }
  for (const file of manifest.inputs) {
    const mtime = fs.statSync(`${root}${file}`, { throwIfNoEntry: false })?.mtimeMs;
    if (mtime === undefined || mtime > manifest.builtAt) return `${file} changed after dist-cli/ was built`;
  }
  // The packages bundled into the build: the same versions must still be installed.
  for (const [pkg, version] of Object.entries(manifest.packages ?? {})) {
    let installed;
    try {
      installed = JSON.parse(fs.readFileSync(`${root}node_modules/${pkg}/package.json`, 'utf8')).version;
    } catch {
      installed = 'none';
    }
    if (installed !== version) return `${pkg} is ${installed} in node_modules, ${version} in dist-cli/`;
  }
  return '';
}

const why = staleBuild();
if (why) {
  debug(`running the TypeScript sources through tsx: ${why}`);
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(`${root}src/cli/main.ts`).href);
} else {
  debug(`running ${built}`);
  await import(pathToFileURL(built).href);
}
