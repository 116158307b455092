/**
 * PyTorch is the independent reference several unit tests compare with (test/reference/*.py). It is Debian's
 * /usr/bin/python3 with python3-torch; FTSTUDIO_PYTHON names another interpreter (a missing one shows what a
 * machine without PyTorch runs). Tests that need it carry the `pytorch` tag: when it is missing they are
 * skipped, and counted with the reason at the end of the run (vitest.config.ts, PytorchSkipReporter).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

export const PYTHON = process.env.FTSTUDIO_PYTHON || '/usr/bin/python3';
export const PYTORCH_TAG = 'pytorch';
const INSTALL_HINT = 'apt-get install python3-torch libopenblas0-pthread';

/** Why PyTorch cannot be used, or null when `PYTHON -c 'import torch'` works. Takes a second or two. */
export function pytorchMissing(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (r.status === 0) return null;
  const why = r.error?.message ?? r.stderr.trim().split('\n').pop();
  return `PyTorch (${PYTHON} -c 'import torch') is not available (${why}) — ${INSTALL_HINT}`;
}

/** The line `npm test` ends with (posttest prints it): how many tests were skipped, and why. */
export const SKIPPED_SUMMARY = 'test-results/skipped.txt';

/** Counts the `pytorch` tests skipped for want of PyTorch, says so last, and leaves the line for posttest. */
export class PytorchSkipReporter implements Reporter {
  constructor(private readonly missing: string | null, private readonly root: string) {}

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const file = path.join(this.root, SKIPPED_SUMMARY);
    fs.rmSync(file, { force: true });
    if (!this.missing) return;
    let skipped = 0;
    for (const m of modules) for (const t of m.children.allTests('skipped')) if (t.tags.includes(PYTORCH_TAG)) skipped++;
    if (skipped === 0) return;
    const line = `${skipped} test${skipped === 1 ? '' : 's'} skipped: ${this.missing}`;
    console.log(`\n  ${line}\n`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${line}\n`);
  }
}
