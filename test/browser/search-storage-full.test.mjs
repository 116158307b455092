// Storage runs out in the middle of a search: the trial that could not write its checkpoint is marked failed,
// the study stops saying why, the best trial so far and its checkpoint are kept, and "Use the best trial"
// still makes the model. The training worker's free space is squeezed as in train-storage-full.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServers, launchBrowser, watchErrors } from './harness.mjs';
import { distOpts, loadSmsSample } from './studio-helpers.mjs';
import { dumpOnFailure, squeezableTrainWorker, waitFor } from './train-helpers.mjs';
import { openSearch, setBaseJob, trialRows, useBundledModel } from './search-helpers.mjs';

test('storage running out mid-study stops the search cleanly and keeps the best trial', { timeout: 900_000 }, async () => {
  const servers = await startServers(distOpts);
  servers.hub.online = false;
  const browser = await launchBrowser();
  const page = await browser.newPage();
  try {
    await dumpOnFailure(() => page, 'search-storage-full-failure', async () => {
      const errors = watchErrors(page);
      await page.addInitScript(squeezableTrainWorker);
      await page.goto(servers.url);
      await loadSmsSample(page);
      await useBundledModel(page);
      await openSearch(page);
      await setBaseJob(page);
      // Learning rate only, 4 random trials, no pruning.
      const params = page.getByTestId('search-param');
      for (let n = await params.count(); n > 0; n--) await params.first().getByRole('button', { name: /^Remove/ }).click();
      await page.getByLabel('Add a parameter').selectOption('hyperparameters.learningRate');
      await page.getByTestId('search-field-budget.trials').locator('input').fill('4');
      await page.getByTestId('search-field-sampler.kind').locator('select').selectOption('random');
      await page.getByTestId('search-field-pruner.kind').locator('select').selectOption('none');
      await page.getByRole('button', { name: 'Start search' }).click();

      // Trial 0 complete, trial 1 past its first checkpoint: now only 1 MB is free for the worker.
      await waitFor(async () => (await trialRows(page, 'complete').count()) === 1 && (await trialRows(page, 'running').getAttribute('data-trial', { timeout: 1000 })) === '1'
        && Number(await page.getByTestId('run-checkpoints').getAttribute('data-count')) >= 1, 600_000, 'trial 1 past its first checkpoint');
      const bestValue = await trialRows(page, 'complete').getAttribute('data-value');
      await page.evaluate(() => window.__trainWorkers.at(-1).postMessage({ squeezeFreeBytes: 1e6 }));

      const view = page.getByTestId('study-view');
      await waitFor(async () => (await view.getAttribute('data-status')) === 'stopped', 300_000, 'the study to stop');
      assert.equal(await view.getAttribute('data-stop-reason'), 'storage');
      assert.match(await page.getByTestId('study-notices').innerText(), /Search stopped: storage ran out during trial 1 \(Browser storage is full: .*\); stopped, the best trial is kept\./);
      assert.equal(await trialRows(page).count(), 2, 'no trial started after the disk filled');
      assert.equal(await trialRows(page, 'failed').getAttribute('data-trial'), '1');
      const best = page.getByTestId('study-best');
      assert.equal(await best.getAttribute('data-trial'), '0');
      assert.equal(await best.getAttribute('data-value'), bestValue);

      // With space again (a fresh worker), the kept best trial becomes the model.
      await page.getByRole('button', { name: 'Use the best trial' }).click();
      await page.getByTestId('study-final').waitFor({ timeout: 300_000 });
      assert.equal(Number(await page.getByTestId('test-metrics').locator('[data-metric="count"]').getAttribute('data-value')), 64);
      assert.deepEqual(errors.filter((e) => !/Failed to load resource|QuotaExceeded|storage is full/i.test(e)), []);
    });
  } finally {
    await browser.close();
    await servers.close();
  }
});
