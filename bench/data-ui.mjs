// npm run bench:data-ui — the data stage with a ~100 MB CSV in headless Chromium, as a person uses it:
// choose the file, wait for the split table, tick "drop duplicates", restart the browser and reopen.
// Prints the times and the longest main-thread tasks (PerformanceObserver 'longtask') of each step:
// the measure of "the tab does not freeze". Nothing is asserted; numbers go to docs/data.md (Large files).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServers, launchPersistent, root, smsPath } from '../test/browser/harness.mjs';

const distDir = path.resolve(process.env.STUDIO_DIST ?? path.join(root, 'dist'));
const targetMiB = Number(process.env.BENCH_MIB ?? 100);
const work = path.join(root, '.cache/bench-data-ui');
fs.mkdirSync(work, { recursive: true });

/** SMS Spam repeated until the size is reached; each copy's texts get a prefix so they stay distinct. */
function writeCsv(file) {
  const sms = fs.readFileSync(smsPath, 'utf8');
  const body = sms.slice(sms.indexOf('\n') + 1);
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, 'text,label\n');
  let bytes = 11;
  for (let copy = 0; bytes < targetMiB * 2 ** 20; copy++) {
    const chunk = body.replace(/^("?)/gm, `$1${copy} `);
    fs.writeSync(fd, chunk);
    bytes += Buffer.byteLength(chunk);
  }
  fs.closeSync(fd);
  return bytes;
}

const file = path.join(work, `sms-${targetMiB}mib.csv`);
const bytes = fs.existsSync(file) ? fs.statSync(file).size : writeCsv(file);
console.log(`file: ${(bytes / 2 ** 20).toFixed(1)} MiB`);

const observe = (page) => page.evaluate(() => {
  window.__long = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(Math.round(e.duration)); })
    .observe({ type: 'longtask', buffered: true });
});
const longest = async (page) => (await page.evaluate(() => window.__long)).sort((a, b) => b - a).slice(0, 3);

const servers = await startServers({ distDir });
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-data-ui-'));
let context = await launchPersistent(profile);
try {
  let page = context.pages()[0] ?? await context.newPage();
  await page.goto(servers.url);
  await observe(page);
  let t = Date.now();
  await page.getByLabel('Dataset file (CSV or TSV)').setInputFiles(file);
  await page.getByTestId('row-count').waitFor({ timeout: 600_000 });
  const rows = await page.getByTestId('row-count').innerText();
  const shown = Date.now() - t;
  await page.getByTestId('split-count-train').waitFor({ timeout: 600_000 });
  console.log(`import: ${rows} shown after ${shown} ms, split table after ${Date.now() - t} ms; longest tasks ${await longest(page)} ms`);

  await page.getByTestId('save-status').filter({ hasText: 'Saved' }).waitFor({ timeout: 600_000 });
  await page.evaluate(() => { window.__long = []; });
  const before = await page.getByTestId('rows-remaining').innerText();
  t = Date.now();
  await page.getByLabel('Drop duplicate text').check();
  await page.waitForFunction((b) => document.querySelector('[data-testid=rows-remaining]')?.innerText !== b, before, { timeout: 600_000 });
  console.log(`drop duplicates: counts after ${Date.now() - t} ms; longest tasks ${await longest(page)} ms`);
  await page.getByTestId('save-status').filter({ hasText: 'Saved' }).waitFor({ timeout: 600_000 });

  await context.close();
  context = await launchPersistent(profile);
  page = context.pages()[0] ?? await context.newPage();
  t = Date.now();
  await page.goto(servers.url);
  await observe(page);
  await page.getByTestId('split-count-train').waitFor({ timeout: 600_000 });
  console.log(`reopen after a browser restart: split table after ${Date.now() - t} ms; longest tasks ${await longest(page)} ms`);
} finally {
  await context.close();
  await servers.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
