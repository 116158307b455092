// The Train stage opens on Auto for a newcomer: 800 SMS messages (13 % spam) and the default model (the
// bundled GloVe CNN) → the Auto panel says what it chose and why (class weights and a tuned threshold for
// the rare class, a max length from the length histogram), estimates the time; a change under Advanced is
// marked; one click on Start trains with Auto's settings and the run ends with a tuned decision threshold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from './harness.mjs';
import { importDataset, withStudio } from './studio-helpers.mjs';
import { openTrainStage, setField, waitFor } from './train-helpers.mjs';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ftstudio-train-auto-'));
const csv = path.join(tmp, 'sms800.csv');
fs.writeFileSync(csv, fs.readFileSync(path.join(root, 'public/samples/sms_spam.csv'), 'utf8').split('\n').slice(0, 801).join('\n'));

test('the Train stage opens on Auto, shows its decisions and trains with one click', { timeout: 900_000 }, async () => {
  await withStudio(async ({ page, errors }) => {
    await importDataset(page, csv, '800 rows');
    await page.getByRole('tab', { name: /Model/ }).click();
    await page.locator('[data-testid="model-summary"][data-model-type="glove-cnn"]').waitFor({ timeout: 60_000 });
    await openTrainStage(page);

    const panel = page.getByTestId('auto-panel');
    await panel.waitFor({ timeout: 60_000 });
    assert.equal(await page.getByTestId('train-advanced').evaluate((d) => d.open), false, 'Advanced starts closed');
    const decision = (field) => page.locator(`[data-testid="auto-decisions"] li[data-field="${field}"]`);
    assert.match(await decision('hyperparameters.classWeights.mode').innerText(), /Class weights: balanced[\s\S]*Rare class: the smallest class "spam"/);
    assert.match(await decision('hyperparameters.decisionThreshold').innerText(), /Decision threshold: tuned/);
    assert.match(await decision('hyperparameters.learningRate').innerText(), /Learning rate: 0\.001[\s\S]*Kim \(2014\)/);
    const maxLength = await decision('hyperparameters.maxSequenceLength').innerText();
    assert.match(maxLength, /Max sequence length: \d+[\s\S]*Covers about 95 % of the train texts/);
    await page.getByTestId('length-histogram').waitFor();
    assert.match(await page.getByTestId('auto-estimate').innerText(), /Estimated time: (under a minute|about \d+ min) on a 2-core laptop CPU/);

    // Everything Auto decides can be changed under Advanced; the panel marks it, and choosing Auto again restores it.
    await page.getByText('Advanced: presets and every setting').click();
    assert.equal(await page.getByRole('radio', { name: /Auto/ }).isChecked(), true);
    await setField(page, 'hyperparameters.learningRate', '0.002');
    await waitFor(async () => (await decision('hyperparameters.learningRate').getAttribute('data-overridden')) === 'true', 10_000, 'the changed learning rate to be marked');
    await page.getByRole('radio', { name: /Auto/ }).check();
    await waitFor(async () => (await decision('hyperparameters.learningRate').getAttribute('data-overridden')) === 'false', 10_000, 'Auto\'s learning rate back');
    await page.getByText('Advanced: presets and every setting').click(); // closed again: a newcomer's view

    await page.getByRole('button', { name: 'Start training' }).click();
    const view = page.getByTestId('run-view');
    await waitFor(async () => (await view.getAttribute('data-status')) === 'done', 600_000, 'the run to finish');
    const testMetrics = page.getByTestId('test-metrics');
    await testMetrics.waitFor();
    const f1 = Number(await testMetrics.locator('[data-metric="macro_f1"]').getAttribute('data-value'));
    assert.ok(f1 > 0.7, `test macro-F1 ${f1}`);
    assert.match(await page.getByTestId('run-log').textContent(), /decision threshold "spam" ≥ 0\.\d+ \(validation macro_f1/);
    assert.equal(await page.getByTestId('one-class-warning').count(), 0);
    assert.deepEqual(errors, []);
  }, { cleanUp: () => fs.rmSync(tmp, { recursive: true, force: true }) });
});
