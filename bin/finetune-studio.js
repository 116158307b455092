#!/usr/bin/env node
// Runs the TypeScript CLI (src/cli/main.ts) with tsx's loader, so there is no separate build step:
// `npx finetune-studio ...` works right after `npm install`. tsx is therefore a runtime dependency.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');
const child = spawn(process.execPath, ['--import', tsx, main, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 128 : 1);
});
process.on('SIGINT', () => {}); // the child gets Ctrl-C too and stops cleanly after its current step
