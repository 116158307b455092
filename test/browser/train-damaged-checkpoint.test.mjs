// A checkpoint damaged in IndexedDB (a value changed under its checksum, as a disk or browser bug would
// leave it) is not trained on: the resume says which checkpoint is damaged and why, and continues from the
// newest intact one — the same check the CLI's file store makes (src/core/train/checkpointIntegrity.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSmsSample, withStudio } from './studio-helpers.mjs';
import { chooseFixtureModel, dumpOnFailure, openTrainStage, startQuickRun, waitFor } from './train-helpers.mjs';

/** In the page: changes one value of the newest checkpoint's head weights; returns the steps stored. */
async function damageNewestCheckpoint(page, jobId) {
  return page.evaluate(async (job) => {
    const db = await new Promise((res, rej) => { const r = indexedDB.open('finetune-studio-jobs'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
    const tx = db.transaction(['checkpoints'], 'readwrite');
    const req = (r) => new Promise((res, rej) => { r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
    const all = await req(tx.objectStore('checkpoints').index('jobId').getAll(job));
    const newest = all.reduce((a, b) => (b.state.globalStep > a.state.globalStep ? b : a));
    newest.weights['classifier.weight'].data[0] += 0.5;
    await req(tx.objectStore('checkpoints').put(newest));
    await new Promise((res, rej) => { tx.oncomplete = res; tx.onerror = () => rej(tx.error); });
    db.close();
    return all.map((c) => c.state.globalStep).sort((a, b) => a - b);
  }, jobId);
}

test('a damaged newest checkpoint in IndexedDB: the resume names it and continues from the one before', { timeout: 600_000 }, async () => {
  await withStudio(async ({ page, errors, servers }) => {
    await dumpOnFailure(() => page, 'train-damaged-checkpoint-failure', async () => {
      await loadSmsSample(page);
      await chooseFixtureModel(page, servers);
      await openTrainStage(page);
      await page.getByTestId('train-inputs-summary').waitFor({ timeout: 60_000 });
      // 800 examples / batch 8: 100 steps, a checkpoint every 2 (the last 2 and the best are kept).
      await startQuickRun(page, { backend: 'wasm', batchSize: 8, trainExamples: 800, evalExamples: 16, checkpointEvery: 2 });
      const view = page.getByTestId('run-view');
      const cps = page.getByTestId('run-checkpoints');
      await waitFor(async () => Number(await cps.getAttribute('data-count')) >= 2, 240_000, 'two checkpoints');
      await page.getByRole('button', { name: 'Pause', exact: true }).click();
      await waitFor(async () => (await view.getAttribute('data-status')) === 'paused', 120_000, 'the run to pause');
      const jobId = await view.getAttribute('data-job-id');

      const steps = await damageNewestCheckpoint(page, jobId);
      assert.ok(steps.length >= 2, `checkpoints at steps ${steps}`);
      const [previous, newest] = steps.slice(-2);

      await page.reload();
      await openTrainStage(page);
      const row = page.locator(`[data-testid="run-row"][data-job-id="${jobId}"]`);
      await waitFor(async () => (await row.getAttribute('data-status')) === 'interrupted', 60_000, 'the job listed as interrupted');
      await row.getByRole('button', { name: 'Resume from last checkpoint' }).click();
      const progress = page.getByTestId('train-progress');
      await waitFor(async () => /resumed at step \d+/.test(await progress.innerText()), 240_000, 'the resume');
      assert.match(await progress.innerText(), new RegExp(`resumed at step ${previous}\\b`));
      const log = await page.getByTestId('run-log').textContent();
      assert.match(log, new RegExp(`checkpoint ${jobId}/step-${newest} in IndexedDB is damaged: tensor w\\.classifier\\.weight does not match its checksum`));
      assert.match(log, new RegExp(`so it resumed from the newest intact checkpoint, ${jobId}/step-${previous} \\(step ${previous}\\)`));
      await page.getByRole('button', { name: 'Cancel' }).click();
      await waitFor(async () => (await view.getAttribute('data-status')) === 'cancelled', 240_000, 'cancelled');
      assert.deepEqual(errors, []);
    });
  });
});
