// Splits: presets, custom ratios (with the "must add up to 100 %" guard), a seed, the too-small-class
// warning, and a split taken from the file's own column.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withStudio, importDataset } from './studio-helpers.mjs';

async function counts(page) {
  const out = [];
  for (const s of ['train', 'validation', 'test']) out.push(Number((await page.getByTestId(`split-count-${s}`).innerText()).replace(/,/g, '')));
  return out;
}

/** Waits until the split table shows `want` (the worker answers after a change). */
async function waitCounts(page, want) {
  await page.waitForFunction((w) => ['train', 'validation', 'test'].every((s, i) =>
    document.querySelector(`[data-testid=split-count-${s}]`)?.textContent === String(w[i])), want);
}

test('split presets, custom ratios, seed, small-class warning; a split column is used as is', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-split-'));
  // 50 × a, 50 × b, 1 × c; per class: n_val = round(n·r_val), n_test = round(n·r_test), the rest train.
  const rows = [];
  for (let i = 0; i < 50; i++) rows.push(`alpha text number ${i},a`, `beta text number ${i},b`);
  rows.push('the only gamma,c');
  fs.writeFileSync(path.join(dir, 'ab.csv'), `text,label\n${rows.join('\n')}\n`);
  const splitRows = ['text,label,split'];
  const names = ['train', 'train', 'train', 'Train', 'train', 'train', 'dev', 'TRAIN', 'train', 'TEST', 'train', 'train'];
  names.forEach((n, i) => splitRows.push(`sentence ${i},${i % 2 ? 'x' : 'y'},${n}`));
  fs.writeFileSync(path.join(dir, 'presplit.csv'), `${splitRows.join('\n')}\n`);

  await withStudio(async ({ page, errors }) => {
    await importDataset(page, path.join(dir, 'ab.csv'), '101 rows');
    const split = page.getByTestId('split');

    // 80/10/10: a and b → 5 + 5 + 40 each; c (1 row) → round(0.1) = 0, 0, 1 train
    await waitCounts(page, [81, 10, 10]);
    await split.getByRole('alert').filter({ hasText: 'Class "c" has 1 row: too few to appear in every split' }).waitFor();

    // 70/15/15: round(7.5) = 8 to validation and to test per class
    await split.getByLabel('70 / 15 / 15').check();
    await waitCounts(page, [69, 16, 16]);

    // custom: a half-typed ratio is a draft with a message, not a broken split
    await split.getByLabel('train %').fill('50');
    await split.getByRole('alert').filter({ hasText: 'add up to 80 %' }).waitFor();
    assert.deepEqual(await counts(page), [69, 16, 16]);
    await split.getByLabel('validation %').fill('25');
    await split.getByLabel('test %').fill('25');
    await waitCounts(page, [49, 26, 26]); // a, b: round(12.5) = 13, 13, 24; c → train
    assert.equal(await split.getByLabel('custom').isChecked(), true);

    // another seed: other rows, same counts
    await split.getByLabel('Seed').fill('7');
    await page.getByTestId('save-status').filter({ hasText: 'Saved' }).waitFor();
    assert.deepEqual(await counts(page), [49, 26, 26]);
    assert.equal(await split.getByLabel('Seed').inputValue(), '7');

    // an edit survives a reload right away (saved on 'pagehide', not only after the debounce)
    await split.getByLabel('Seed').fill('8');
    await page.reload();
    await waitCounts(page, [49, 26, 26]);
    assert.equal(await page.getByTestId('split').getByLabel('Seed').inputValue(), '8');
    assert.equal(await page.getByTestId('split').getByLabel('custom').isChecked(), true);

    // the file's own split column: suggested in the mapping and used as is ('dev' is validation)
    await importDataset(page, path.join(dir, 'presplit.csv'), '12 rows');
    await waitCounts(page, [10, 1, 1]); // (the suggested mapping is adopted when the worker answers)
    assert.equal(await page.getByTestId('mapping').getByLabel('Split column', { exact: true }).inputValue(), 'split');
    assert.equal(await split.getByLabel('from column “split”').isChecked(), true);
    // switching to a ratio split (x, y: 6 rows each → round(0.6) = 1, 1, 4 per class) and back
    await split.getByLabel('80 / 10 / 10').check();
    await waitCounts(page, [8, 2, 2]);
    await split.getByLabel('from column “split”').check();
    await waitCounts(page, [10, 1, 1]);
    assert.deepEqual(errors, []);
  }, { cleanUp: () => fs.rmSync(dir, { recursive: true, force: true }) });
});
