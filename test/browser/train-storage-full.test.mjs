// Storage runs out mid-run: the person is told in words, the run stops as failed, and the checkpoint
// written before is still whole in IndexedDB. Chromium's quota cannot be shrunk from here
// (Storage.overrideQuotaForOrigin does not change navigator.storage.estimate), so the test starts the
// training worker inside a small module that lets it report only 1 MB free when asked — everything
// else (worker, trainer, IndexedDB) is the real thing (squeezableTrainWorker in train-helpers.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServers, launchBrowser, watchErrors } from './harness.mjs';
import { loadSmsSample } from './studio-helpers.mjs';
import { chooseFixtureModel, dumpOnFailure, openTrainStage, squeezableTrainWorker, startQuickRun, waitFor } from './train-helpers.mjs';

test('a full disk stops the run with a clear message and keeps the earlier checkpoint', { timeout: 600_000 }, async () => {
  const servers = await startServers({ distDir: process.env.STUDIO_DIST });
  const browser = await launchBrowser();
  const page = await browser.newPage();
  try {
    await dumpOnFailure(() => page, 'train-storage-full-failure', async () => {
    const errors = watchErrors(page);
    await page.addInitScript(squeezableTrainWorker);
    await page.goto(servers.url);
    await loadSmsSample(page);
    await chooseFixtureModel(page, servers);
    await openTrainStage(page);
    await page.getByTestId('train-inputs-summary').waitFor({ timeout: 60_000 });

    // wasm here: the point is storage, and it is the fast backend on this machine.
    // Long enough (200 steps) that the squeeze below lands mid-run even on a fast machine.
    await startQuickRun(page, { backend: 'wasm', batchSize: 8, trainExamples: 1600, evalExamples: 16, checkpointEvery: 2 });

    const cps = page.getByTestId('run-checkpoints');
    await waitFor(async () => Number(await cps.getAttribute('data-count')) >= 1, 240_000, 'the first checkpoint');
    // Now only 1 MB is left: the next checkpoint (≈4 MB of weights) cannot fit.
    await page.evaluate(() => window.__trainWorkers.at(-1).postMessage({ squeezeFreeBytes: 1e6 }));

    const view = page.getByTestId('run-view');
    await waitFor(async () => (await view.getAttribute('data-status')) === 'failed', 240_000, 'the run to fail');
    const message = await page.getByTestId('run-message').innerText();
    assert.match(message, /Browser storage is full/);
    assert.match(message, /Earlier checkpoints are kept intact|nothing was half-written/);
    assert.match(await page.getByTestId('train-error').innerText(), /storage is full/);

    // What IndexedDB holds for the job: every checkpoint whole, each with its summary and no orphans,
    // the newest being the last one the UI announced (the one that did not fit left nothing behind).
    const jobId = await view.getAttribute('data-job-id');
    const lastAnnounced = Number(await cps.getAttribute('data-last-step'));
    const stored = await page.evaluate(async (job) => {
      const db = await new Promise((res, rej) => { const r = indexedDB.open('finetune-studio-jobs'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
      const all = (store) => new Promise((res) => { const r = db.transaction(store).objectStore(store).index('jobId').getAll(job); r.onsuccess = () => res(r.result); });
      const [records, summaries] = [await all('checkpoints'), await all('checkpointSummaries')];
      db.close();
      return {
        records: records.map((rec) => ({
          id: rec.id, step: rec.state.globalStep, weights: Object.keys(rec.weights).length,
          whole: Object.values(rec.weights).every((t) => t.data.length === t.shape.reduce((a, b) => a * b, 1)),
        })),
        summaries: summaries.map((x) => ({ id: x.id, step: x.step })),
      };
    }, jobId);
    assert.ok(stored.records.length >= 1, 'at least one checkpoint survived');
    assert.deepEqual(stored.summaries.map((x) => x.id).sort(), stored.records.map((r) => r.id).sort(), 'summaries and records match one to one');
    for (const r of stored.records) {
      assert.equal(r.whole, true, `${r.id} is whole`);
      assert.ok(r.weights > 10, `${r.id} holds ${r.weights} weights`);
    }
    const kept = stored.records.reduce((a, b) => (b.step > a.step ? b : a));
    assert.equal(kept.step, lastAnnounced);

    // With space again (a fresh worker), the failed run resumes from that checkpoint and trains on.
    await page.locator(`[data-testid="run-row"][data-job-id="${jobId}"]`).getByRole('button', { name: 'Resume from last checkpoint' }).click();
    const progress = page.getByTestId('train-progress');
    await waitFor(async () => new RegExp(`resumed at step ${kept.step}\\b`).test(await progress.innerText()), 240_000, `resume at step ${kept.step}`);
    await waitFor(async () => Number(await cps.getAttribute('data-last-step')) > kept.step, 240_000, 'a new checkpoint after the resume');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await waitFor(async () => (await view.getAttribute('data-status')) === 'cancelled', 240_000, 'cancelled');
    assert.deepEqual(errors.filter((e) => !/Failed to load resource|QuotaExceeded|storage is full/i.test(e)), []);
    });
  } finally {
    await browser.close();
    await servers.close();
  }
});
