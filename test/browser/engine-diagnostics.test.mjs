// The "Check your backends" page (diagnostics.html), driven as a person would: it loads the tiny BERT
// classifier fixture from the mock Hub, runs the engine in a Worker on cpu, wasm, webgpu (SwiftShader) and
// webgl, and shows each backend's logits/gradients against cpu and its tensor count over 20 training steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureFixtures, startServers, launchBrowser, watchErrors } from './harness.mjs';

ensureFixtures();

test('every backend computes the same logits and gradients as cpu, in a Worker, without leaking', { timeout: 600_000 }, async () => {
  const servers = await startServers(process.env.STUDIO_DIST ? { distDir: process.env.STUDIO_DIST } : {});
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    const query = new URLSearchParams({
      repo: 'ftstudio-fixtures/tiny-bert-classifier', hub: servers.hubUrl, backends: 'cpu,wasm,webgpu,webgl', steps: '20',
    });
    await page.goto(`${servers.url}diagnostics.html?${query}`);
    await page.getByRole('heading', { name: 'Check your backends' }).waitFor();
    await page.getByRole('button', { name: 'Run checks' }).click();
    await page.getByRole('status').filter({ hasText: /^Done:|Could not run/ }).waitFor({ timeout: 540_000 });
    const results = JSON.parse(await page.getByTestId('diagnostics-json').textContent());
    console.log(results.map((r) => `${r.backend}: ${r.ok ? `${r.adapter || r.active}, Δlogits ${r.maxLogitDiff}, Δgrad ${r.maxGradDiff}, leaked ${r.leaked}, ` +
      `first step ${Math.round(r.firstStepMs)} ms, ${Math.round(r.msPerStep)} ms/step, loss ${r.lossFirst?.toFixed(4)} → ${r.lossLast?.toFixed(4)}` : r.error}`).join('\n'));
    const by = Object.fromEntries(results.map((r) => [r.backend, r]));
    assert.equal(by.cpu.ok, true, by.cpu.error);
    assert.equal(by.cpu.logits.length, 8);
    assert.ok(by.cpu.gradients >= 41, 'a gradient for every weight');
    // webgl too: it starts in headless Chromium (measured here: Δlogits 1.3e-7, Δgrad 2.8e-7 from cpu), so a
    // webgl that fails to start or disagrees is a failure, not a note.
    for (const name of ['cpu', 'wasm', 'webgpu', 'webgl']) {
      const r = by[name];
      assert.equal(r.ok, true, `${name}: ${r.error}`);
      assert.equal(r.active, name);
      assert.equal(r.leaked, 0, `${name} leaked tensors over 20 steps`);
      assert.deepEqual(r.deviceErrors, [], `${name} reported WebGPU errors`);
      assert.ok(r.lossLast < r.lossFirst, `${name} learns: ${r.lossFirst} → ${r.lossLast}`);
      if (name === 'cpu') continue;
      assert.ok(r.maxLogitDiff <= 1e-4, `${name} logits differ from cpu by ${r.maxLogitDiff}`);
      assert.ok(r.maxGradDiff <= 1e-4, `${name} gradients differ from cpu by ${r.maxGradDiff}`);
      // The first training step's loss has dropout on: equal losses mean equal masks (WebGPU makes its own in WGSL).
      assert.ok(Math.abs(r.lossFirst - by.cpu.lossFirst) <= 1e-5, `${name} loss with dropout ${r.lossFirst} vs cpu ${by.cpu.lossFirst}`);
      // The trainer's global-norm clipping reduces over all 41 gradients at once (WebGPU allows few inputs per shader).
      assert.ok(by.cpu.gradNorm > 0 && r.relGradNormDiff <= 1e-4, `${name} gradient norm ${r.gradNorm} vs cpu ${by.cpu.gradNorm}`);
      assert.ok(Math.abs(r.lossLast - by.cpu.lossLast) <= 1e-3, `${name} loss after clipped AdamW steps ${r.lossLast} vs cpu ${by.cpu.lossLast}`);
    }
    assert.match(by.webgpu.adapter, /\S/, 'the WebGPU adapter is described');
    assert.equal(await page.locator('tr[data-backend="webgpu"] td').nth(1).textContent(), 'OK');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await servers.close();
  }
});
