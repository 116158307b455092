// The bundled offline CNN (glove-cnn) on every training backend, through the engine's "Check your backends"
// page: logits and every gradient on wasm, WebGPU (SwiftShader) and WebGL match cpu, no tensor leaks, and
// three training steps (dropout, backward, AdamW) give the same losses. The page reads Hub layout, so the
// bundled model is served by the mock Hub: its own config.json with the shared GloVe weights.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root, startServers, launchBrowser, watchErrors } from './harness.mjs';

test('the offline GloVe CNN computes the same logits and gradients on cpu, wasm, webgpu and webgl', { timeout: 1_800_000 }, async () => {
  const hubDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ftstudio-hub-'));
  const repo = path.join(hubDir, 'ftstudio/offline-glove-cnn');
  fs.mkdirSync(repo, { recursive: true });
  fs.copyFileSync(path.join(root, 'public/models/offline-glove-cnn/config.json'), path.join(repo, 'config.json'));
  fs.symlinkSync(path.join(root, 'public/models/offline-glove/model.safetensors'), path.join(repo, 'model.safetensors'));
  const servers = await startServers({ hubDir, ...(process.env.STUDIO_DIST ? { distDir: process.env.STUDIO_DIST } : {}) });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    const query = new URLSearchParams({ repo: 'ftstudio/offline-glove-cnn', hub: servers.hubUrl, backends: 'cpu,wasm,webgpu,webgl', steps: '3' });
    await page.goto(`${servers.url}diagnostics.html?${query}`);
    await page.getByRole('button', { name: 'Run checks' }).click();
    await page.getByRole('status').filter({ hasText: /^Done:|Could not run/ }).waitFor({ timeout: 1_740_000 });
    const results = JSON.parse(await page.getByTestId('diagnostics-json').textContent());
    console.log(results.map((r) => `${r.backend}: ${r.ok ? `Δlogits ${r.maxLogitDiff}, Δgrad ${r.maxGradDiff} (relative ${r.relGradDiff}), leaked ${r.leaked}, ` +
      `${Math.round(r.msPerStep)} ms/step, loss ${r.lossFirst?.toFixed(6)} → ${r.lossLast?.toFixed(6)}` : r.error}`).join('\n'));
    const by = Object.fromEntries(results.map((r) => [r.backend, r]));
    for (const name of ['cpu', 'wasm', 'webgpu', 'webgl']) {
      const r = by[name];
      assert.equal(r.ok, true, `${name}: ${r.error}`);
      assert.equal(r.active, name, `${name} really ran on ${r.active}`);
      assert.equal(r.leaked, 0, `${name} leaked tensors`);
      assert.deepEqual(r.deviceErrors ?? [], [], `${name} device errors`);
      assert.ok(r.lossLast < r.lossFirst, `${name} learns: ${r.lossFirst} → ${r.lossLast}`);
      if (name === 'cpu') continue;
      assert.ok(r.maxLogitDiff <= 1e-5, `${name} logits differ from cpu by ${r.maxLogitDiff}`);
      assert.ok(r.relGradDiff <= 1e-4, `${name} gradients differ from cpu by ${r.relGradDiff} (relative)`);
      assert.ok(Math.abs(r.lossFirst - by.cpu.lossFirst) <= 1e-5, `${name} first training loss ${r.lossFirst} vs cpu ${by.cpu.lossFirst}`);
      assert.ok(Math.abs(r.lossLast - by.cpu.lossLast) <= 1e-3, `${name} loss after 3 steps ${r.lossLast} vs cpu ${by.cpu.lossLast}`);
    }
    assert.equal(by.cpu.gradients, 9, 'a gradient for each of the 9 weights (vectors, 3 × filters and biases, classifier)');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await servers.close();
    fs.rmSync(hubDir, { recursive: true, force: true });
  }
});
