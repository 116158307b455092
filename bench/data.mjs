// npm run bench:data — parse a ~100 MB CSV in headless Chromium through the studio's parse worker and
// through plain papaparse (main thread), same browser, same run; the worker path twice: rows returned as
// string[][] and kept packed per column. Prints rows/s of each, the ratio, and
// the longest main-thread task during the worker parse (PerformanceObserver 'longtask').
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { startServers, launchBrowser, root } from '../test/browser/harness.mjs';

const distDir = path.join(root, '.cache/bench-data');
const targetMiB = Number(process.env.BENCH_MIB ?? 100);

const build = spawnSync('npx', ['vite', 'build', '--config', 'bench/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
// The harness's static server answers unknown paths (e.g. /favicon.ico) with index.html.
fs.copyFileSync(path.join(distDir, 'data.html'), path.join(distDir, 'index.html'));

/** Deterministic SMS-like rows: commas and doubled quotes inside quoted text, £ and é (multi-byte UTF-8). */
function writeCsv(file, bytesWanted) {
  const words = ['free', 'call', 'now', 'ok', 'lar', 'joking', 'wif', 'u', 'oni', 'win', '£1000', 'café', 'prize', 'txt', 'STOP', 'later', 'sorry', 'home', 'tonight', 'claim'];
  let s = 1;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, 'text,label\n');
  let written = 11;
  let rows = 0;
  const lines = [];
  while (written < bytesWanted) {
    const n = 5 + Math.floor(rnd() * 25);
    const w = [];
    for (let i = 0; i < n; i++) w.push(words[Math.floor(rnd() * words.length)]);
    let text = w.join(' ');
    if (rnd() < 0.3) text = `"${text.replace(' now', ', now').replace('ok', '""ok""')}"`;
    const line = `${text},${rnd() < 0.13 ? 'spam' : 'ham'}\n`;
    lines.push(line);
    written += Buffer.byteLength(line);
    rows++;
    if (lines.length === 10000) { fs.writeSync(fd, lines.join('')); lines.length = 0; }
  }
  fs.writeSync(fd, lines.join(''));
  fs.closeSync(fd);
  return rows;
}

// Generated once per size outside the build folder (vite empties that), then linked into it.
const csvPath = path.join(root, `.cache/bench-data-${targetMiB}mib.csv`);
const rowsPath = `${csvPath}.rows`;
if (!fs.existsSync(csvPath) || !fs.existsSync(rowsPath)) fs.writeFileSync(rowsPath, String(writeCsv(csvPath, targetMiB * 1024 * 1024)));
const rows = Number(fs.readFileSync(rowsPath, 'utf8'));
fs.rmSync(path.join(distDir, 'bench.csv'), { force: true });
fs.linkSync(csvPath, path.join(distDir, 'bench.csv'));
const size = fs.statSync(csvPath).size;
console.log(`generated ${csvPath}: ${(size / 1048576).toFixed(1)} MiB, ${rows.toLocaleString('en')} rows`);

const servers = await startServers({ distDir });
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  if (process.env.BENCH_VERBOSE) page.on('console', (m) => console.log(`  page: ${m.text()}`));
  await page.goto(`${servers.url}data.html`);
  await page.waitForFunction(() => 'runDataBench' in window);
  const chunkBytes = Number(process.env.BENCH_CHUNK_BYTES ?? 0) || undefined;
  const r = await page.evaluate(([u, c]) => window.runDataBench(u, c), [`${servers.url}bench.csv`, chunkBytes]);
  if (r.studio.rows !== rows || r.packed.rows !== rows || r.plain.rows !== rows) {
    throw new Error(`row counts differ: generated ${rows}, studio ${r.studio.rows}, packed ${r.packed.rows}, papaparse ${r.plain.rows}`);
  }
  const studioRate = r.studio.rows / r.studio.seconds;
  const plainRate = r.plain.rows / r.plain.seconds;
  const packedRate = r.packed.rows / r.packed.seconds;
  const mib = r.bytes / 1048576;
  console.log(`studio worker path : ${r.studio.seconds.toFixed(2)} s, ${Math.round(studioRate).toLocaleString('en')} rows/s, ${(mib / r.studio.seconds).toFixed(1)} MiB/s (rows returned to the page)`);
  console.log(`studio, packed     : ${r.packed.seconds.toFixed(2)} s, ${Math.round(packedRate).toLocaleString('en')} rows/s, ${(mib / r.packed.seconds).toFixed(1)} MiB/s (rows kept packed per column)`);
  console.log(`plain papaparse    : ${r.plain.seconds.toFixed(2)} s, ${Math.round(plainRate).toLocaleString('en')} rows/s, ${(mib / r.plain.seconds).toFixed(1)} MiB/s (main thread)`);
  console.log(`ratio studio/plain : ${(studioRate / plainRate).toFixed(2)}× rows, ${(packedRate / plainRate).toFixed(2)}× packed (target ≥ 0.7)`);
  console.log(`main thread during the worker parse: longest task ${Math.round(r.studio.longestTaskMs)} ms (${r.studio.longTasks} tasks > 50 ms), largest 10 ms-timer gap ${Math.round(r.studio.maxGapMs)} ms (target: no task > 100 ms)`);
  console.log(`main thread during the packed parse: longest task ${Math.round(r.packed.longestTaskMs)} ms (${r.packed.longTasks} tasks > 50 ms), largest 10 ms-timer gap ${Math.round(r.packed.maxGapMs)} ms`);
  console.log(`main thread during plain papaparse: longest task ${Math.round(r.plain.longestTaskMs)} ms`);
} finally {
  await browser.close();
  await servers.close();
}
