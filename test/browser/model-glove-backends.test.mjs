// The bundled offline model (glove-pool) on every training backend, through the engine's "Check your
// backends" page: logits and gradients on wasm and WebGPU (SwiftShader) match cpu, no tensor leaks, and
// the loss falls. The page reads Hub layout, so the bundled folder is served by the mock Hub.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root, startServers, launchBrowser, watchErrors } from './harness.mjs';

test('the offline GloVe model computes the same logits and gradients on cpu, wasm and webgpu', { timeout: 600_000 }, async () => {
  const hubDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ftstudio-hub-'));
  fs.mkdirSync(path.join(hubDir, 'ftstudio'));
  fs.symlinkSync(path.join(root, 'public/models/offline-glove'), path.join(hubDir, 'ftstudio/offline-glove'));
  const servers = await startServers({ hubDir, ...(process.env.STUDIO_DIST ? { distDir: process.env.STUDIO_DIST } : {}) });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    const query = new URLSearchParams({ repo: 'ftstudio/offline-glove', hub: servers.hubUrl, backends: 'cpu,wasm,webgpu', steps: '10' });
    await page.goto(`${servers.url}diagnostics.html?${query}`);
    await page.getByRole('button', { name: 'Run checks' }).click();
    await page.getByRole('status').filter({ hasText: /^Done:|Could not run/ }).waitFor({ timeout: 540_000 });
    const results = JSON.parse(await page.getByTestId('diagnostics-json').textContent());
    console.log(results.map((r) => `${r.backend}: ${r.ok ? `Δlogits ${r.maxLogitDiff}, Δgrad ${r.maxGradDiff}, leaked ${r.leaked}, ` +
      `${Math.round(r.msPerStep)} ms/step, loss ${r.lossFirst?.toFixed(4)} → ${r.lossLast?.toFixed(4)}` : r.error}`).join('\n'));
    const by = Object.fromEntries(results.map((r) => [r.backend, r]));
    for (const name of ['cpu', 'wasm', 'webgpu']) {
      const r = by[name];
      assert.equal(r.ok, true, `${name}: ${r.error}`);
      assert.equal(r.leaked, 0, `${name} leaked tensors`);
      assert.ok(r.lossLast < r.lossFirst, `${name} learns: ${r.lossFirst} → ${r.lossLast}`);
      if (name === 'cpu') continue;
      assert.ok(r.maxLogitDiff <= 1e-4, `${name} logits differ from cpu by ${r.maxLogitDiff}`);
      assert.ok(r.maxGradDiff <= 1e-4, `${name} gradients differ from cpu by ${r.maxGradDiff}`);
      // Training steps (dropout, backward, AdamW) agree too: this caught a webgpu max-pool gradient bug.
      assert.ok(Math.abs(r.lossFirst - by.cpu.lossFirst) <= 1e-4, `${name} first training loss ${r.lossFirst} vs cpu ${by.cpu.lossFirst}`);
      assert.ok(Math.abs(r.lossLast - by.cpu.lossLast) <= 1e-3, `${name} loss after 10 steps ${r.lossLast} vs cpu ${by.cpu.lossLast}`);
    }
    assert.equal(by.cpu.gradients, 5, 'a gradient for each of the 5 weights');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await servers.close();
    fs.rmSync(hubDir, { recursive: true, force: true });
  }
});
