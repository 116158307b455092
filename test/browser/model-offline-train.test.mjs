// The bundled offline model end to end with the Hub cut: SMS sample → the default (bundled GloVe) model →
// a short training run on wasm in the real worker → test metrics. Proves "works with no network at all".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { root } from './harness.mjs';
import { withStudio, loadSmsSample } from './studio-helpers.mjs';
import { openTrainStage, startQuickRun, waitFor } from './train-helpers.mjs';

test('the bundled offline model trains in the app with the Hub cut', { timeout: 600_000 }, async () => {
  await withStudio(async ({ page, errors, servers }) => {
    await loadSmsSample(page);

    // No choice made: the bundled model is the default.
    await page.getByRole('tab', { name: /Model/ }).click();
    await page.locator('[data-testid="model-summary"][data-model-type="glove-pool"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('model-chosen').waitFor();

    await openTrainStage(page);
    await startQuickRun(page, { backend: 'wasm', batchSize: 16, trainExamples: 256, evalExamples: 64 });

    const view = page.getByTestId('run-view');
    await waitFor(async () => (await view.getAttribute('data-status')) === 'done', 480_000, 'the run to finish');
    const testMetrics = page.getByTestId('test-metrics');
    await testMetrics.waitFor();
    const count = Number(await testMetrics.locator('[data-metric="count"]').getAttribute('data-value'));
    const acc = Number(await testMetrics.locator('[data-metric="accuracy"]').getAttribute('data-value'));
    assert.equal(count, 64);
    assert.ok(acc > 0 && acc <= 1, `test accuracy ${acc}`);
    assert.deepEqual(servers.hub.requests, []);
    assert.deepEqual(errors, []);
  }, { hubOnline: false });
});

// A person's first run: the sample, the default model, the Quick preset and the automatic backend, untouched —
// the whole dataset, in seconds on a CPU. Also the README's picture of live curves.
test('with the Quick preset the bundled model learns SMS Spam in the browser (test macro-F1 ≥ 0.85)', { timeout: 600_000 }, async () => {
  await withStudio(async ({ page, errors, servers }) => {
    await loadSmsSample(page);
    await page.getByRole('tab', { name: /Model/ }).click();
    await page.getByTestId('model-chosen').waitFor({ timeout: 60_000 });
    await openTrainStage(page);
    await page.getByRole('radio', { name: /Quick/ }).check();
    await page.getByRole('button', { name: 'Start training' }).click();

    // No hardware GPU here: auto picks wasm, on its threads (the test server isolates the page as vite does).
    const backend = page.getByTestId('backend-choice');
    await backend.waitFor({ timeout: 120_000 });
    assert.equal(await backend.getAttribute('data-backend'), 'wasm');
    assert.match(await backend.innerText(), /\. On \d+ threads\./);
    const view = page.getByTestId('run-view');
    await waitFor(async () => (await view.getAttribute('data-status')) === 'done', 480_000, 'the run to finish');
    const testMetrics = page.getByTestId('test-metrics');
    await testMetrics.waitFor();
    const metric = async (k) => Number(await testMetrics.locator(`[data-metric="${k}"]`).getAttribute('data-value'));
    assert.equal(await metric('count'), 558, 'the whole 10 % test split');
    const f1 = await metric('macro_f1');
    assert.ok(f1 >= 0.85, `test macro-F1 ${f1}`);
    const points = Number(await page.getByTestId('chart-train-loss').getAttribute('data-points'));
    assert.ok(points >= 3, `the loss curve has ${points} points`); // step events are throttled; the run takes seconds
    await page.setViewportSize({ width: 1280, height: 900 });
    await view.screenshot({ path: path.join(root, 'docs', 'screenshot-train.png') });
    assert.deepEqual(servers.hub.requests, []);
    assert.deepEqual(errors, []);
  }, { hubOnline: false });
});
