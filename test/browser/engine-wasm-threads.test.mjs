// The wasm backend's threads in the studio's workers (src/worker/wasmBackend.ts), through the "Check your
// backends" page: on a cross-origin isolated page wasm runs on several XNNPACK threads and computes what cpu
// computes; if the threaded build cannot start (here a pthread script that throws), the worker carries on
// with the single-threaded build instead of crashing, and says why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureFixtures, startServers, launchBrowser, watchErrors } from './harness.mjs';

ensureFixtures();

async function check(page, servers, threads) {
  const query = new URLSearchParams({
    repo: 'ftstudio-fixtures/tiny-bert-classifier', hub: servers.hubUrl, backends: 'cpu,wasm', steps: '5', threads,
  });
  await page.goto(`${servers.url}diagnostics.html?${query}`);
  await page.getByRole('button', { name: 'Run checks' }).click();
  await page.getByRole('status').filter({ hasText: /^Done:|Could not run/ }).waitFor({ timeout: 240_000 });
  const results = JSON.parse(await page.getByTestId('diagnostics-json').textContent());
  const by = Object.fromEntries(results.map((r) => [r.backend, r]));
  const wasm = by.wasm;
  console.log(`threads=${threads}: ${wasm.ok ? `${wasm.threads} thread(s)${wasm.threadsNote ? ` (${wasm.threadsNote})` : ''}, Δlogits ${wasm.maxLogitDiff}, Δgrad ${wasm.maxGradDiff}, ${Math.round(wasm.msPerStep)} ms/step` : wasm.error}`);
  assert.equal(by.cpu.ok, true, by.cpu.error);
  assert.equal(wasm.ok, true, wasm.error);
  assert.equal(wasm.active, 'wasm');
  assert.ok(wasm.maxLogitDiff <= 1e-4, `wasm logits differ from cpu by ${wasm.maxLogitDiff}`);
  assert.ok(wasm.maxGradDiff <= 1e-4, `wasm gradients differ from cpu by ${wasm.maxGradDiff}`);
  assert.equal(wasm.leaked, 0, 'wasm leaked tensors');
  assert.ok(Math.abs(wasm.lossLast - by.cpu.lossLast) <= 1e-3, `loss after 5 AdamW steps ${wasm.lossLast} vs cpu ${by.cpu.lossLast}`);
  return { wasm, device: await page.locator('tr[data-backend="wasm"] td').nth(2).textContent() };
}

test('wasm trains on several threads when the page is isolated, and falls back to one thread when they cannot start', { timeout: 600_000 }, async () => {
  const servers = await startServers(process.env.STUDIO_DIST ? { distDir: process.env.STUDIO_DIST } : {});
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${servers.url}diagnostics.html`);
    assert.equal(await page.evaluate(() => crossOriginIsolated), true, 'the test server isolates the page, as vite dev/preview do');
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);

    const threaded = await check(page, servers, '1');
    // tfjs alone would take half the logical cores (1 on a 2-core machine); the studio takes at least 2.
    if (cores >= 2) assert.ok(threaded.wasm.threads >= 2, `wasm runs on ${threaded.wasm.threads} thread(s) with ${cores} cores`);
    assert.equal(threaded.wasm.threadsNote, undefined);
    assert.match(threaded.device, new RegExp(`^wasm \\(${threaded.wasm.threads} threads\\)$`));

    const single = await check(page, servers, '0');
    assert.equal(single.wasm.threads, 1);
    assert.equal(single.device, 'wasm (1 thread)');

    const broken = await check(page, servers, 'broken');
    assert.equal(broken.wasm.threads, 1);
    assert.match(broken.wasm.threadsNote, /threaded build failed to start .*simulated pthread failure/);
    assert.match(broken.device, /^wasm \(1 thread\) — one thread: the threaded build failed to start/);
    // The same numbers whichever build ran them.
    assert.ok(Math.abs(threaded.wasm.lossLast - broken.wasm.lossLast) <= 1e-5, `${threaded.wasm.lossLast} vs ${broken.wasm.lossLast}`);
    assert.deepEqual(errors, [], 'no page errors: the failed pthreads did not crash the worker');
  } finally {
    await browser.close();
    await servers.close();
  }
});
