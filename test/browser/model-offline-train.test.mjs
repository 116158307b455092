// The bundled offline model end to end with the Hub cut: SMS sample → the default (bundled GloVe CNN) model →
// a short training run on wasm in the real worker → test metrics; then a person's first run with the Quick
// preset, on to the Use stage and a downloaded model folder. Proves "works with no network at all".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { root } from './harness.mjs';
import { withStudio, loadSmsSample } from './studio-helpers.mjs';
import { openAdvanced, openTrainStage, startQuickRun, waitFor } from './train-helpers.mjs';

test('the bundled offline model trains in the app with the Hub cut', { timeout: 600_000 }, async () => {
  await withStudio(async ({ page, errors, servers }) => {
    await loadSmsSample(page);

    // No choice made: the bundled CNN is the default, and the stage says what both bundled models are.
    await page.getByRole('tab', { name: /Model/ }).click();
    await page.locator('[data-testid="model-summary"][data-model-type="glove-cnn"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('model-chosen').waitFor();
    const cards = await page.getByTestId('bundled-model').allInnerTexts();
    assert.equal(cards.length, 2);
    assert.match(cards[0], /convolutional/i);
    assert.match(cards[0], /TF-IDF/);
    assert.match(cards[1], /bag/i);

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
// the whole dataset, in well under a minute on a CPU. Also the README's picture of live curves. Then the
// trained CNN in the Use stage and its downloaded folder: glove-cnn weights, ONNX, a card that names what loads it.
test('with the Quick preset the bundled CNN learns SMS Spam in the browser (test macro-F1 ≥ 0.85) and downloads', { timeout: 900_000 }, async () => {
  await withStudio(async ({ page, errors, servers }) => {
    await loadSmsSample(page);
    await page.getByRole('tab', { name: /Model/ }).click();
    await page.getByTestId('model-chosen').waitFor({ timeout: 60_000 });
    await openTrainStage(page);
    await openAdvanced(page);
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
    assert.equal(await metric('count'), 551, 'the whole 10 % test split (exact duplicates kept with their first copy)');
    const f1 = await metric('macro_f1');
    assert.ok(f1 >= 0.85, `test macro-F1 ${f1}`);
    const points = Number(await page.getByTestId('chart-train-loss').getAttribute('data-points'));
    assert.ok(points >= 3, `the loss curve has ${points} points`); // step events are throttled; the run takes seconds
    await page.setViewportSize({ width: 1280, height: 900 });
    await view.screenshot({ path: path.join(root, 'docs', 'screenshot-train.png') });

    await page.getByRole('button', { name: 'Try it in the Use stage' }).click();
    await page.getByTestId('use-workbench').waitFor({ timeout: 120_000 });
    await page.getByLabel('Text to classify').fill('WINNER!! You have been selected to receive a £900 prize reward! Call 09061701461 to claim');
    await page.getByRole('button', { name: 'Predict', exact: true }).click();
    assert.equal(await page.getByTestId('top-class').textContent(), 'spam');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 240_000 }), page.getByRole('button', { name: 'Download model (.zip)' }).click()]);
    const files = unzipSync(new Uint8Array(Buffer.concat(await (await download.createReadStream()).toArray())));
    const dir = Object.keys(files)[0].split('/')[0];
    const config = JSON.parse(strFromU8(files[`${dir}/config.json`]));
    assert.equal(config.model_type, 'glove-cnn');
    assert.deepEqual(config.architectures, ['GloveCnnForSequenceClassification']);
    assert.equal(config.finetune_studio.base_model, 'offline-glove-cnn');
    assert.ok(files[`${dir}/model.safetensors`].byteLength > 12e6, 'every weight, the trained vectors included, in float32');
    assert.ok(files[`${dir}/onnx/model.onnx`].byteLength > 12e6);
    const card = strFromU8(files[`${dir}/README.md`]);
    assert.match(card, /^library_name: onnx$/m);
    assert.match(card, /Hugging Face transformers and transformers\.js cannot load/);
    assert.deepEqual(servers.hub.requests, []);
    assert.deepEqual(errors, []);
  }, { hubOnline: false });
});
