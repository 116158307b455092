// A WebGPU device lost mid-run, for real: Chromium's GPU process is crashed (DevTools' Browser.crashGpuProcess)
// while a job trains on WebGPU. The training worker must notice (device.lost), move to the next backend and
// resume from the last checkpoint, and the run must finish with test metrics — no page error, no hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServers, launchBrowser } from './harness.mjs';
import { chooseFixtureModel, openTrainStage, startQuickRun, waitFor } from './train-helpers.mjs';
import { loadSmsSample } from './studio-helpers.mjs';

test('a lost WebGPU device moves the run to wasm from the last checkpoint, and it finishes', { timeout: 900_000 }, async () => {
  const servers = await startServers({ distDir: process.env.STUDIO_DIST });
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(servers.url);
    await loadSmsSample(page);
    await chooseFixtureModel(page, servers);
    await openTrainStage(page);
    await startQuickRun(page, { backend: 'webgpu', batchSize: 8, trainExamples: 160, evalExamples: 32, checkpointEvery: 2 });

    const backend = page.getByTestId('backend-choice');
    await backend.waitFor({ timeout: 120_000 });
    assert.equal(await backend.getAttribute('data-backend'), 'webgpu');
    const cps = page.getByTestId('run-checkpoints');
    await waitFor(async () => Number(await cps.getAttribute('data-count')) >= 1, 300_000, 'a checkpoint on WebGPU');
    const before = Number(await cps.getAttribute('data-last-step'));

    // Crash the GPU process, as a driver reset would (DevTools protocol: Browser.crashGpuProcess).
    const cdp = await browser.newBrowserCDPSession();
    await cdp.send('Browser.crashGpuProcess').catch((e) => console.log(`crashGpuProcess: ${e.message}`));

    await waitFor(async () => (await backend.getAttribute('data-backend')) !== 'webgpu', 240_000, 'the run to leave WebGPU');
    const text = await backend.innerText();
    console.log(`after the crash: ${text}`);
    assert.equal(await backend.getAttribute('data-backend'), 'wasm');
    assert.match(text, /The webgpu device was lost; continuing on wasm from the last checkpoint\. On \d+ threads\./);
    const view = page.getByTestId('run-view');
    await waitFor(async () => (await view.getAttribute('data-status')) === 'done', 600_000, 'the run to finish on wasm');
    const log = await page.getByTestId('run-log').textContent();
    assert.match(log, /started on webgpu .*started on wasm \(The webgpu device was lost; .*resuming at step \d+/);
    const resumedAt = Number(/resuming at step (\d+)/.exec(log)[1]);
    assert.ok(resumedAt >= before, `resumed at ${resumedAt}, a checkpoint existed at ${before}`);
    assert.equal(Number(await page.getByTestId('train-progress').getAttribute('data-step')), 20);
    assert.equal(Number(await page.getByTestId('test-metrics').locator('[data-metric="count"]').getAttribute('data-value')), 32);
    assert.deepEqual(pageErrors, []);
  } finally {
    await browser.close();
    await servers.close();
  }
});
