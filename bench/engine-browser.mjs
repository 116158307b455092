// Informational: training-step speed of the engine in headless Chromium, in a Worker, through the
// "Check your backends" page with bert-tiny shapes (random weights), batch 32 × 128 tokens.
// Run after a build: npx vite build && node bench/engine-browser.mjs [webgpu,wasm] [bert-tiny]
import { startServers, launchBrowser } from '../test/browser/harness.mjs';

const backends = process.argv[2] ?? 'webgpu,wasm';
const shape = process.argv[3] ?? 'bert-tiny';
const servers = await startServers(process.env.STUDIO_DIST ? { distDir: process.env.STUDIO_DIST } : {});
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  const q = new URLSearchParams({ shape, batch: '32', seq: '128', backends, steps: '2' });
  await page.goto(`${servers.url}diagnostics.html?${q}`);
  await page.getByRole('button', { name: 'Run checks' }).click();
  await page.getByRole('status').filter({ hasText: /^Done:|Could not run/ }).waitFor({ timeout: 1_200_000 });
  const results = JSON.parse(await page.getByTestId('diagnostics-json').textContent());
  console.log(`| backend (headless Chromium, Worker) | device | first step ms | ms/step | samples/s (${shape}, 32 × 128) |`);
  console.log('|---|---|---|---|---|');
  for (const r of results) {
    if (!r.ok) { console.log(`| ${r.backend} | failed: ${r.error} | | | |`); continue; }
    console.log(`| ${r.backend} | ${r.adapter || r.active} | ${Math.round(r.firstStepMs)} | ${Math.round(r.msPerStep)} | ${(32000 / r.msPerStep).toFixed(1)} |`);
  }
} finally {
  await browser.close();
  await servers.close();
}
