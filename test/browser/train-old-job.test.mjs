// A job stored by an older studio still opens and resumes: its IndexedDB record has JobSpec version 1 with
// the quick-trial limits beside the spec (not in it), and so do its checkpoints. The test makes such a job
// the honest way — a real quick run, paused — then rewrites what IndexedDB holds to the old format,
// reloads, and resumes: the run must finish on the very same sample (its train examples and test count).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSmsSample, withStudio } from './studio-helpers.mjs';
import { chooseFixtureModel, dumpOnFailure, openTrainStage, startQuickRun, waitFor } from './train-helpers.mjs';

const TRAIN = 800;
const EVAL = 16;

/** In the page: the job's record and checkpoints back to the version-1 format. Returns what it rewrote. */
async function rewriteAsVersion1(page, jobId, limits) {
  return page.evaluate(async ({ jobId, limits }) => {
    const db = await new Promise((res, rej) => { const r = indexedDB.open('finetune-studio-jobs'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
    const toV1 = (spec) => {
      const dataset = { ...spec.dataset };
      delete dataset.limits;
      return { ...spec, version: 1, dataset };
    };
    const tx = db.transaction(['jobs', 'checkpoints'], 'readwrite');
    const req = (r) => new Promise((res, rej) => { r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
    const job = await req(tx.objectStore('jobs').get(jobId));
    await req(tx.objectStore('jobs').put({ ...job, spec: toV1(job.spec), limits }));
    const checkpoints = await req(tx.objectStore('checkpoints').index('jobId').getAll(jobId));
    for (const cp of checkpoints) await req(tx.objectStore('checkpoints').put({ ...cp, spec: toV1(cp.spec) }));
    await new Promise((res, rej) => { tx.oncomplete = res; tx.onerror = () => rej(tx.error); });
    db.close();
    return { checkpoints: checkpoints.length, hadLimits: Boolean(job.spec.dataset.limits) };
  }, { jobId, limits });
}

test('a job stored with JobSpec version 1 opens and resumes on its own quick-trial sample', { timeout: 600_000 }, async () => {
  await withStudio(async ({ page, errors, servers }) => {
    await dumpOnFailure(() => page, 'train-old-job-failure', async () => {
      await loadSmsSample(page);
      await chooseFixtureModel(page, servers);
      await openTrainStage(page);
      await page.getByTestId('train-inputs-summary').waitFor({ timeout: 60_000 });
      // 800 examples / batch 8: 100 steps, so the pause lands long before the end.
      await startQuickRun(page, { backend: 'wasm', batchSize: 8, trainExamples: TRAIN, evalExamples: EVAL, checkpointEvery: 2 });
      const view = page.getByTestId('run-view');
      const cps = page.getByTestId('run-checkpoints');
      await waitFor(async () => Number(await cps.getAttribute('data-count')) >= 1, 240_000, 'the first checkpoint');
      await page.getByRole('button', { name: 'Pause', exact: true }).click();
      await waitFor(async () => (await view.getAttribute('data-status')) === 'paused', 120_000, 'the run to pause');
      const jobId = await view.getAttribute('data-job-id');

      // What an older studio would have stored for this job.
      const rewritten = await rewriteAsVersion1(page, jobId, { train: TRAIN, evaluation: EVAL });
      assert.ok(rewritten.hadLimits, 'the current studio keeps the limits in the spec');
      assert.ok(rewritten.checkpoints >= 1, 'the paused job has checkpoints');

      await page.reload();
      await openTrainStage(page);
      const row = page.locator(`[data-testid="run-row"][data-job-id="${jobId}"]`);
      await waitFor(async () => (await row.getAttribute('data-status')) === 'interrupted', 60_000, 'the old job listed as interrupted');
      await row.getByRole('button', { name: 'Resume from last checkpoint' }).click();
      await waitFor(async () => (await view.getAttribute('data-status')) === 'done', 480_000, 'the resumed run to finish');

      const log = await page.getByTestId('run-log').textContent();
      assert.match(log, new RegExp(`${TRAIN} train examples, 1 epochs, ${TRAIN / 8} steps, resuming at step \\d+`));
      const count = Number(await page.getByTestId('test-metrics').locator('[data-metric="count"]').getAttribute('data-value'));
      assert.equal(count, EVAL, 'the test split is the same sample');
      assert.deepEqual(errors, []);
    });
  });
});
