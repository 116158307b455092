// A multi-label model in the Use stage: per-label probabilities (sigmoid, not summing to 1) against their
// thresholds in the playground, and batch predictions that list every label above its threshold.
// The model is the tiny BERT fixture re-labelled as multi-label (same weights, problem_type changed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync, strToU8, strFromU8 } from 'fflate';
import Papa from 'papaparse';
import { root } from './harness.mjs';
import { waitForCount, withStudio } from './studio-helpers.mjs';

const fixture = path.join(root, 'test/fixtures/hub/ftstudio-fixtures/tiny-bert-classifier');

test('multi-label model: per-label probabilities vs thresholds, batch labels', { timeout: 300_000 }, async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'use-multi-'));
  const entries = {};
  for (const f of fs.readdirSync(fixture)) entries[`topics/${f}`] = new Uint8Array(fs.readFileSync(path.join(fixture, f)));
  const config = JSON.parse(fs.readFileSync(path.join(fixture, 'config.json'), 'utf8'));
  Object.assign(config, { problem_type: 'multi_label_classification', id2label: { 0: 'promo', 1: 'urgent' }, label2id: { promo: 0, urgent: 1 } });
  entries['topics/config.json'] = strToU8(JSON.stringify(config));
  const zipPath = path.join(tmp, 'topics.zip');
  fs.writeFileSync(zipPath, zipSync(entries));
  const csvPath = path.join(tmp, 'msgs.csv');
  fs.writeFileSync(csvPath, 'text\nwin a free phone now\nsee you at lunch\ncall me back asap\n');

  await withStudio(async ({ page, errors }) => {
    await page.getByRole('tab', { name: /Use/ }).click();
    await page.getByLabel('Model zip').setInputFiles(zipPath);
    await page.getByTestId('use-workbench').waitFor({ timeout: 120_000 });
    assert.match(await page.getByTestId('use-workbench').innerText(), /multi label classification/);

    await page.getByLabel('Text to classify').fill('win a free phone now');
    await page.getByRole('button', { name: 'Predict', exact: true }).click();
    await page.getByTestId('playground-result').waitFor({ timeout: 120_000 });
    const rows = await page.getByRole('table', { name: 'Class probabilities' }).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    assert.deepEqual(rows.map((r) => r[0]), ['promo', 'urgent']);
    assert.deepEqual(rows.map((r) => r[2]), ['50.0 %', '50.0 %']);
    const shownTop = await page.getByTestId('top-class').textContent();
    // The threshold marks are drawn on the chart (one per label), once the chart has measured its container.
    await waitForCount(page.locator('[data-testid="playground-result"] .recharts-scatter-symbol'), 2);

    await page.getByLabel('CSV file for batch prediction').setInputFiles(csvPath);
    await page.getByRole('button', { name: 'Predict 3 rows' }).click();
    await page.getByTestId('batch-progress').filter({ hasText: '3 / 3' }).waitFor({ timeout: 120_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download predictions (CSV)' }).click()]);
    const csv = Papa.parse(strFromU8(new Uint8Array(fs.readFileSync(await download.path()))).trim()).data;
    assert.deepEqual(csv[0], ['text', 'prediction', 'p_promo', 'p_urgent']);
    for (const r of csv.slice(1)) {
      const want = ['promo', 'urgent'].filter((_, i) => Number(r[2 + i]) >= 0.5).join(';');
      assert.equal(r[1], want, r.join(','));
    }
    // Sigmoids, not a softmax: a row's probabilities need not sum to 1.
    assert.ok(csv.slice(1).some((r) => Math.abs(Number(r[2]) + Number(r[3]) - 1) > 1e-4), 'probabilities look like a softmax');
    // The playground's labels for the same text are the batch's.
    assert.equal(shownTop, csv[1][1] ? csv[1][1].split(';').join(', ') : 'none');
    assert.deepEqual(errors, []);
  }, { cleanUp: () => fs.rmSync(tmp, { recursive: true, force: true }) });
});
