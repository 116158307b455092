// From training to use, as a person would: SMS sample → tiny fixture model → a short training run →
// "Try it in the Use stage" → the model is listed with its base model, dataset and metrics → playground →
// thresholds tuned on the dataset's own validation split → the downloaded zip's model card and config
// carry the run (base model, validation results, thresholds).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unzipSync, strFromU8 } from 'fflate';
import { screenshot } from './harness.mjs';
import { withStudio, loadSmsSample } from './studio-helpers.mjs';
import { chooseFixtureModel, dumpOnFailure, openTrainStage, startQuickRun, waitFor } from './train-helpers.mjs';

test('a trained model opens in the Use stage, tunes thresholds on validation and exports its card', { timeout: 900_000 }, async () => {
  await withStudio(({ page, errors, servers }) =>
    dumpOnFailure(() => page, 'use-trained', async () => {
      await loadSmsSample(page);
      await chooseFixtureModel(page, servers);
      await openTrainStage(page);
      await startQuickRun(page, { backend: 'wasm', batchSize: 8, trainExamples: 64, evalExamples: 32 });
      const view = page.getByTestId('run-view');
      await waitFor(async () => (await view.getAttribute('data-status')) === 'done', 600_000, 'the run to finish');
      await page.getByRole('button', { name: 'Try it in the Use stage' }).click();
      await page.getByTestId('use-workbench').waitFor({ timeout: 120_000 });

      const row = page.getByRole('region', { name: 'Models' }).locator('tbody tr').first();
      const cells = await row.locator('td').allTextContents();
      assert.match(cells[1], /ftstudio-fixtures\/tiny-bert/);
      assert.match(cells[2], /sms/i);
      assert.match(cells[3], /acc \d+\.\d %/);

      await page.getByLabel('Text to classify').fill('Free entry! Text WIN to 80086 to claim your prize');
      await page.getByRole('button', { name: 'Predict', exact: true }).click();
      assert.ok(['ham', 'spam'].includes(await page.getByTestId('top-class').textContent()));

      await page.getByRole('button', { name: /Tune on the validation split/ }).click();
      const tuned = page.getByRole('table', { name: 'Tuned thresholds' });
      await tuned.waitFor({ timeout: 240_000 });
      const [label, value] = await tuned.locator('tbody td').allTextContents();
      assert.equal(label, 'spam');
      await page.getByRole('button', { name: 'Save thresholds' }).click();
      await page.getByText(`spam ≥ ${Number(value).toFixed(3)}`).waitFor();
      await page.getByRole('button', { name: 'Predict', exact: true }).click();
      await page.getByRole('table', { name: 'Class probabilities' }).getByText('Threshold').waitFor();
      await screenshot(page, 'screenshot-use.png', { docs: true });

      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByRole('button', { name: 'Download model (.zip)' }).click()]);
      const files = unzipSync(new Uint8Array(await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c))));
      const rootDir = Object.keys(files)[0].split('/')[0];
      const config = JSON.parse(strFromU8(files[`${rootDir}/config.json`]));
      assert.deepEqual(config.id2label, { 0: 'ham', 1: 'spam' });
      assert.equal(config.finetune_studio.base_model, 'ftstudio-fixtures/tiny-bert');
      assert.equal(config.finetune_studio.max_length, 32);
      assert.equal(config.finetune_studio.thresholds.values.spam.toFixed(4), Number(value).toFixed(4));
      const card = strFromU8(files[`${rootDir}/README.md`]);
      for (const s of ['base_model: ftstudio-fixtures/tiny-bert', '## Validation results', '| max sequence length | 32 |', '## Decision thresholds', 'Confusion matrix']) {
        assert.ok(card.includes(s), `model card lacks "${s}"`);
      }
      assert.ok(files[`${rootDir}/onnx/model.onnx`].byteLength > 1e6);
      assert.deepEqual(errors, []);
    }));
});
