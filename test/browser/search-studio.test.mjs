// A hyperparameter search in the studio as a person runs one: the SMS sample, the bundled offline model,
// a quick-trial sample, Search mode with the proposed space trimmed to what runs in seconds, successive
// halving (ASHA) pruning; the page reloaded while a trial runs (the study comes back from IndexedDB and the
// trial resumes from its checkpoint); then "Use the best trial" — the test split scored once, for that
// model only, which lands in the Use stage with the study on its card. And bad input, named by field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { root } from './harness.mjs';
import { withStudio, loadSmsSample, waitForCount } from './studio-helpers.mjs';
import { dumpOnFailure, waitFor } from './train-helpers.mjs';
import { openSearch, setBaseJob, trialRows, useBundledModel } from './search-helpers.mjs';

/** The search form's messages, as a person reads them. */
const issuesText = (page) => page.getByTestId('search-issues').innerText();

async function badInputsAreNamed(page) {
  const form = page.getByTestId('search-form');
  const start = page.getByRole('button', { name: 'Start search' });
  // A budget of 0 trials.
  await form.getByTestId('search-field-budget.trials').locator('input').fill('0');
  await waitFor(async () => /Budget: trials.*budget\.trials.*whole number ≥ 1, got 0/.test(await issuesText(page)), 10_000, 'the budget message');
  assert.equal(await start.isDisabled(), true);
  await form.getByTestId('search-field-budget.trials').locator('input').fill('5');
  // A parameter outside what the model allows: the bundled GloVe model takes at most its positions' tokens.
  await page.getByLabel('Add a parameter').selectOption('hyperparameters.maxSequenceLength');
  await page.getByLabel('Max sequence length high').fill('100000');
  await waitFor(async () => /Max sequence length.*takes at most \d+ tokens: 100000 is too long/.test(await issuesText(page)), 10_000, 'the model-limit message');
  await page.getByRole('button', { name: 'Remove Max sequence length' }).click();
  // An invalid range: low above high, named by its parameter and bound.
  const lrLow = page.getByLabel('Learning rate low');
  const lrLowWas = await lrLow.inputValue();
  await lrLow.fill('1');
  await waitFor(async () => /Learning rate, high.*must be greater than low \(1\)/.test(await issuesText(page)), 10_000, 'the range message');
  await lrLow.fill(lrLowWas);
  // An empty space.
  const params = page.getByTestId('search-param');
  for (let n = await params.count(); n > 0; n--) await params.first().getByRole('button', { name: /^Remove/ }).click();
  await waitFor(async () => /What to tune.*space\.params.*is empty/.test(await issuesText(page)), 10_000, 'the empty-space message');
  assert.equal(await start.isDisabled(), true);
}

/** The proposed space for the bundled model, trimmed: learning rate, frozen vectors or not, 1–2 epochs. */
async function setQuickSearch(page) {
  await page.getByLabel('Add a parameter').selectOption('hyperparameters.learningRate');
  await page.getByLabel('Learning rate low').fill('0.0003');
  await page.getByLabel('Learning rate high').fill('0.03');
  await page.getByLabel('Learning rate log scale').check();
  await page.getByLabel('Add a parameter').selectOption('hyperparameters.epochs');
  await page.getByLabel('Epochs low').fill('1');
  await page.getByLabel('Epochs high').fill('2');
  await page.getByLabel('Add a parameter').selectOption('hyperparameters.freeze.embeddings');
  const field = (path) => page.getByTestId(`search-field-${path}`);
  await field('budget.trials').locator('input').fill('5');
  await field('sampler.kind').locator('select').selectOption('random');
  await field('pruner.kind').locator('select').selectOption('asha');
  await field('pruner.reductionFactor').locator('input').fill('2');
  await page.getByTestId('search-issues').waitFor({ state: 'detached', timeout: 10_000 });
}


test('a search with pruning runs in the studio, survives a reload mid-trial, and its best trial becomes the model, scored on test once', { timeout: 1_200_000 }, async () => {
  await withStudio(async ({ page, errors, servers }) => {
    await dumpOnFailure(() => page, 'search-studio-failure', async () => {
      await loadSmsSample(page);
      await useBundledModel(page);
      await openSearch(page);
      await setBaseJob(page);
      await badInputsAreNamed(page);
      await setQuickSearch(page);
      await page.getByRole('button', { name: 'Start search' }).click();

      // Mid-trial: a trial after the first running, past its first checkpoint (every 10 steps) and not past half
      // its steps (read in one go: the page is busy while it trains).
      const view = page.getByTestId('study-view');
      await waitFor(async () => (await view.getAttribute('data-status')) === 'running', 60_000, 'the search to run');
      let cutTrial = null;
      await waitFor(async () => (cutTrial = await page.evaluate(() => {
        const running = document.querySelector('[data-testid="trial-row"][data-state="running"]')?.getAttribute('data-trial');
        const run = document.querySelector('[data-testid="trial-run"]');
        const checkpoints = Number(run?.querySelector('[data-testid="run-checkpoints"]')?.getAttribute('data-count') ?? 0);
        const step = Number(run?.getAttribute('data-step'));
        const mid = Number(running) >= 1 && run?.getAttribute('data-trial') === running && checkpoints >= 1 && step <= Number(run?.getAttribute('data-total')) / 2;
        return mid ? Number(running) : null;
      })) !== null, 600_000, 'a trial past its first checkpoint, in its first half');
      await page.reload();
      await page.getByTestId('split-table').waitFor({ timeout: 60_000 }); // the dataset reopens, as after any reload

      // The study is back from IndexedDB, interrupted; Resume continues the cut trial from its checkpoint.
      await openSearch(page);
      await waitFor(async () => (await view.getAttribute('data-status')) === 'interrupted', 60_000, 'the interrupted study');
      assert.equal(await trialRows(page, 'running').getAttribute('data-trial'), String(cutTrial));
      await page.getByRole('button', { name: 'Resume search' }).click();
      await waitFor(async () => new RegExp(`Trial ${cutTrial} resumed from checkpoint .*trial-${cutTrial}`).test(await page.getByTestId('study-notices').innerText()), 120_000, 'the resume from the checkpoint');
      await waitFor(async () => (await view.getAttribute('data-status')) === 'stopped', 900_000, 'the search to finish');
      assert.equal(await view.getAttribute('data-stop-reason'), 'trials');
      await waitForCount(trialRows(page), 5);
      const pruned = await trialRows(page, 'pruned').count();
      const complete = await trialRows(page, 'complete').count();
      assert.ok(pruned >= 1, `${pruned} trials pruned`);
      assert.ok(complete >= 1, `${complete} trials complete`);
      assert.equal(pruned + complete + await trialRows(page, 'failed').count(), 5);
      assert.equal(Number(await page.getByTestId('chart-trial-curves').getAttribute('data-points')) > 1, true);
      assert.equal(await page.getByTestId('test-metrics').count(), 0, 'no trial is scored on test');

      fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
      await page.setViewportSize({ width: 1280, height: 900 });
      await view.screenshot({ path: path.join(root, 'test-results', 'search-studio.png') }); // for a person to look at
      // Use the best trial: scored on test once, shown once; the model is in the Use stage with the study on its card.
      const best = await page.getByTestId('study-best').getAttribute('data-trial');
      await page.getByRole('button', { name: 'Use the best trial' }).click();
      await page.getByTestId('study-final').waitFor({ timeout: 300_000 });
      await waitForCount(page.getByTestId('test-metrics'), 1);
      const testCount = Number(await page.getByTestId('test-metrics').locator('[data-metric="count"]').getAttribute('data-value'));
      assert.equal(testCount, 64, 'the quick-trial sample of the test split');
      assert.equal(await page.getByRole('button', { name: 'Use the best trial' }).count(), 0, 'no second scoring');
      const modelId = await page.getByTestId('study-final').getAttribute('data-model-id');
      assert.equal(modelId.endsWith(`/trial-${best}`), true, modelId);
      const card = await page.evaluate(async (id) => {
        const db = await new Promise((res, rej) => { const r = indexedDB.open('finetune-studio-models'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
        const names = [...db.objectStoreNames];
        const rec = await new Promise((res) => { const r = db.transaction(names[0]).objectStore(names[0]).get(id); r.onsuccess = () => res(r.result); });
        db.close();
        return { study: rec?.metrics?.study, testCount: rec?.metrics?.test?.count };
      }, modelId);
      assert.equal(card.testCount, 64);
      assert.equal(card.study.trials.total, 5);
      assert.equal(card.study.bestTrial, Number(best));
      await page.getByRole('button', { name: 'Try it in the Use stage' }).click();
      await page.getByText(/best of search \(trial \d+\)/).first().waitFor({ timeout: 60_000 });
      assert.deepEqual(servers.hub.requests, []);
      assert.deepEqual(errors.filter((e) => !/Failed to load resource/.test(e)), []);
    });
  }, { hubOnline: false });
});
