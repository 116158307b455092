// Informational: training-step speed of the engine in headless Chromium, in a Worker, through the
// "Check your backends" page with bert-tiny shapes (random weights), batch 32 × 128 tokens. wasm runs twice:
// on its threads (the page is cross-origin isolated, as the studio is) and on one thread, for the ratio.
// Run after a build: npx vite build && node bench/engine-browser.mjs [webgpu,wasm] [bert-tiny]
import { startServers, launchBrowser } from '../test/browser/harness.mjs';

const backends = (process.argv[2] ?? 'webgpu,wasm').split(',');
const shape = process.argv[3] ?? 'bert-tiny';
const runs = backends.flatMap((b) => (b === 'wasm' ? [{ backend: b, threads: '1' }, { backend: b, threads: '0' }] : [{ backend: b, threads: '1' }]));
const servers = await startServers(process.env.STUDIO_DIST ? { distDir: process.env.STUDIO_DIST } : {});
const browser = await launchBrowser();
const rows = [];
try {
  const page = await browser.newPage();
  for (const run of runs) {
    const q = new URLSearchParams({ shape, batch: '32', seq: '128', backends: run.backend, steps: '3', threads: run.threads });
    await page.goto(`${servers.url}diagnostics.html?${q}`);
    await page.getByRole('button', { name: 'Run checks' }).click();
    await page.getByRole('status').filter({ hasText: /^Done:|Could not run/ }).waitFor({ timeout: 1_200_000 });
    rows.push(...JSON.parse(await page.getByTestId('diagnostics-json').textContent()));
  }
} finally {
  await browser.close();
  await servers.close();
}
console.log(`| backend (headless Chromium, Worker) | device | first step ms | ms/step | samples/s (${shape}, 32 × 128) |`);
console.log('|---|---|---|---|---|');
for (const r of rows) {
  if (!r.ok) { console.log(`| ${r.backend} | failed: ${r.error} | | | |`); continue; }
  const device = r.adapter || (r.threads ? `${r.threads} thread${r.threads > 1 ? 's' : ''}${r.threadsNote ? ` (${r.threadsNote})` : ''}` : r.active);
  console.log(`| ${r.backend} | ${device} | ${Math.round(r.firstStepMs)} | ${Math.round(r.msPerStep)} | ${(32000 / r.msPerStep).toFixed(1)} |`);
}
const wasm = rows.filter((r) => r.backend === 'wasm' && r.ok);
if (wasm.length === 2) console.log(`wasm, ${wasm[0].threads} threads vs 1: ${(wasm[1].msPerStep / wasm[0].msPerStep).toFixed(2)}× the speed`);
