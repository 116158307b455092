// Runs every test/browser/*.test.mjs with Node's test runner, one file at a time (two cores, one browser).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromiumMissing, ensureFixtures, root } from './harness.mjs';

if (chromiumMissing) {
  console.error(chromiumMissing);
  process.exit(1);
}
ensureFixtures();

const dir = path.join(root, 'test/browser');
const only = process.argv.slice(2);
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.test.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o))).sort()
  .map((f) => path.join(dir, f));
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
