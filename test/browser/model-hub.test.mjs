import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServers, launchPersistent, watchErrors, screenshot } from './harness.mjs';
import { loadSmsSample } from './studio-helpers.mjs';

const TINY = 'ftstudio-fixtures/tiny-bert';

async function openModelStage(context, url) {
  const page = context.pages()[0] ?? await context.newPage();
  const errors = watchErrors(page);
  await page.goto(url);
  await page.getByRole('tab', { name: /Model/ }).click();
  return { page, errors };
}

const summaryOf = (page, modelType) => page.locator(`[data-testid="model-summary"][data-model-type="${modelType}"]`);

test('Hub model: download with progress, reload from the cache with the Hub cut; bundled model works offline', { timeout: 240_000 }, async () => {
  const servers = await startServers(process.env.STUDIO_DIST ? { distDir: process.env.STUDIO_DIST } : {});
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ftstudio-model-'));
  let context = await launchPersistent(profile);
  try {
    // First visit: a dataset (the SMS sample, for the Train stage check below), then the Model stage,
    // where the bundled offline model is the default choice and loads without the Hub.
    let page = context.pages()[0] ?? await context.newPage();
    await page.goto(servers.url);
    await loadSmsSample(page);
    let errors;
    ({ page, errors } = await openModelStage(context, servers.url));
    await summaryOf(page, 'glove-cnn').waitFor({ timeout: 60_000 });
    await page.getByTestId('model-chosen').waitFor();
    assert.deepEqual(servers.hub.requests, []);

    // Hub: point the host at the mock Hub and download tiny-bert, its weights held back a moment so the bar is seen.
    await page.getByTestId('model-source-hub').check();
    await page.getByText('Advanced: revision and Hub host').click();
    await page.getByTestId('hub-host').fill(servers.hubUrl);
    await page.getByTestId('hub-model-id').fill(TINY);
    await page.route('**/model.safetensors', async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    await page.getByTestId('hub-load').click();
    await page.getByTestId('model-progress').waitFor({ state: 'visible' });
    await summaryOf(page, 'bert').waitFor({ timeout: 60_000 });
    await page.unroute('**/model.safetensors');
    const bar = page.getByTestId('model-progress');
    assert.equal(await bar.getAttribute('data-percent'), '100');
    const total = Number(await bar.getAttribute('data-total'));
    const expectedBytes = ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt', 'special_tokens_map.json']
      .reduce((s, f) => s + fs.statSync(path.join('test/fixtures/hub', TINY, f)).size, 0);
    assert.equal(total, expectedBytes);
    assert.equal(Number(await bar.getAttribute('data-loaded')), expectedBytes);
    await page.getByTestId('model-chosen').waitFor();
    await page.getByTestId('new-head').waitFor(); // tiny-bert is a base model: the classifier is new
    const summary = summaryOf(page, 'bert');
    assert.match(await summary.innerText(), /Layers\s+2/);
    assert.equal(await page.getByTestId('model-from-cache').count(), 0);
    const downloads = servers.hub.requests.filter((r) => r.startsWith(`/${TINY}/`));
    assert.equal(downloads.length, 6);
    await screenshot(page, 'model-hub-loaded.png');
    assert.deepEqual(errors, []);
    await context.close();

    // Reload with the network cut: the choice and the files come back from the browser's storage.
    servers.hub.online = false;
    const before = servers.hub.requests.length;
    context = await launchPersistent(profile);
    ({ page, errors } = await openModelStage(context, servers.url));
    await summaryOf(page, 'bert').waitFor({ timeout: 60_000 });
    await page.getByTestId('model-from-cache').waitFor();
    await page.getByTestId('model-chosen').waitFor();
    assert.equal(await page.getByTestId('model-source-hub').isChecked(), true);
    await page.getByText('Advanced: revision and Hub host').click();
    assert.equal(await page.getByTestId('hub-host').inputValue(), servers.hubUrl); // the host is remembered
    assert.equal(servers.hub.requests.length, before);

    // The Train stage gets the same files from the same cache, still with the Hub cut.
    await page.getByRole('tab', { name: /Train/ }).click();
    const inputs = page.getByTestId('train-inputs-summary');
    await inputs.waitFor({ timeout: 60_000 });
    assert.match(await inputs.innerText(), /Model ftstudio-fixtures\/tiny-bert \(hub\)/);
    assert.equal(servers.hub.requests.length, before);
    await page.getByRole('tab', { name: /Model/ }).click();

    // The bundled bag-of-vectors model (no longer the default) is selectable and loads with the Hub cut.
    await page.getByTestId('model-source-bundled').check();
    await page.locator('[data-bundled-id="offline-glove"]').getByTestId('bundled-load').click();
    await summaryOf(page, 'glove-pool').waitFor({ timeout: 60_000 });
    await page.getByTestId('model-chosen').waitFor();
    assert.match(await summaryOf(page, 'glove-pool').innerText(), /bag of word vectors/);
    assert.equal(servers.hub.requests.length, before);
    assert.deepEqual(errors, []);
  } finally {
    await context.close().catch(() => {});
    await servers.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});
