// Privacy, proven: every request the browser makes during a whole walk (import, model, train, use, export,
// the backends page) is recorded, from the page and from its Workers, and each must go to the page's own origin
// or to the model host the person chose — nothing else, not even huggingface.co when another host was chosen.
// First the recorder is shown to catch a request to another origin, from the page and from a Worker, so a
// recorder that saw nothing cannot pass the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { smsPath } from './harness.mjs';
import { importDataset, withStudio } from './studio-helpers.mjs';
import { chooseFixtureModel, dumpOnFailure, openTrainStage, startQuickRun, waitFor } from './train-helpers.mjs';

const TINY = 'ftstudio-fixtures/tiny-bert';

/** Records every request and WebSocket the browser context opens, from pages and their Workers. */
function recordRequests(context) {
  const seen = [];
  const watchPage = (page) => page.on('websocket', (ws) => seen.push(ws.url()));
  context.on('request', (r) => seen.push(r.url()));
  context.on('page', watchPage);
  context.pages().forEach(watchPage);
  return seen;
}

/** A server on another origin that counts what reaches it: the recorder's self-check. */
async function elsewhereServer() {
  const hits = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url);
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' }).end('ok');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { hits, url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

/** The page fetches from `url` itself and from a Worker, as a leak would; resolves when both answered. */
async function leakOnPurpose(page, url) {
  await page.evaluate(async (base) => {
    await fetch(`${base}/from-page`).then((r) => r.text());
    const code = `fetch('${base}/from-worker').then((r) => r.text()).then((t) => postMessage(t))`;
    const worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
    await new Promise((resolve, reject) => { worker.onmessage = resolve; worker.onerror = reject; });
    worker.terminate();
  }, url);
}

/** 120 messages of the SMS sample (60 of each class) to train on; 20 others to predict, with their labels. */
function smallFiles(dir) {
  const rows = Papa.parse(fs.readFileSync(smsPath, 'utf8'), { header: true, skipEmptyLines: true }).data;
  const pick = (label, from, n) => rows.filter((r) => r.label === label).slice(from, from + n);
  const train = [...pick('ham', 0, 60), ...pick('spam', 0, 60)];
  const batch = [...pick('ham', 60, 10), ...pick('spam', 60, 10)];
  const trainPath = path.join(dir, 'sms-small.csv');
  const batchPath = path.join(dir, 'sms-new.csv');
  fs.writeFileSync(trainPath, Papa.unparse(train));
  fs.writeFileSync(batchPath, Papa.unparse(batch));
  return { trainPath, batchPath, rows: train.length, batchRows: batch.length };
}

async function download(page, click) {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 240_000 }), click()]);
  return fs.statSync(await d.path()).size;
}

test('a whole walk sends nothing anywhere but the page\'s origin and the chosen model host', { timeout: 900_000 }, async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'privacy-'));
  const files = smallFiles(tmp);
  const elsewhere = await elsewhereServer();
  await withStudio(({ page, errors, servers }) => dumpOnFailure(() => page, 'privacy-walk', async () => {
    const seen = recordRequests(page.context());
    const origin = new URL(servers.url).origin;
    const hubOrigin = new URL(servers.hubUrl).origin;

    // Self-check: a request to another origin, from the page and from a Worker, is both sent and recorded.
    await page.reload(); // recorded from the first load of the page on
    await leakOnPurpose(page, elsewhere.url);
    assert.deepEqual(elsewhere.hits.sort(), ['/from-page', '/from-worker']);
    assert.deepEqual(seen.filter((u) => u.startsWith(elsewhere.url)).sort(), [`${elsewhere.url}/from-page`, `${elsewhere.url}/from-worker`]);
    const purposeful = new Set(seen.filter((u) => u.startsWith(elsewhere.url)));

    // Import a CSV, choose a Hub model on the person's chosen host, train, use, export.
    await importDataset(page, files.trainPath, `${files.rows} rows`);
    await page.getByTestId('split-table').waitFor({ timeout: 60_000 });
    await chooseFixtureModel(page, servers, TINY);
    await openTrainStage(page);
    await page.getByTestId('train-inputs-summary').waitFor({ timeout: 60_000 });
    await startQuickRun(page, { backend: 'wasm', batchSize: 8, trainExamples: 64, evalExamples: 24 });
    const view = page.getByTestId('run-view');
    await waitFor(async () => (await view.getAttribute('data-status')) === 'done', 600_000, 'the run to finish');
    await page.getByRole('button', { name: 'Try it in the Use stage' }).click();
    await page.getByTestId('use-workbench').waitFor({ timeout: 120_000 });
    await page.getByLabel('Text to classify').fill('Free entry! Text WIN to 80086 to claim your prize');
    await page.getByRole('button', { name: 'Predict', exact: true }).click();
    await page.getByTestId('playground-result').waitFor({ timeout: 60_000 });
    await page.getByLabel('CSV file for batch prediction').setInputFiles(files.batchPath);
    await page.getByRole('button', { name: `Predict ${files.batchRows} rows` }).click();
    await page.getByTestId('batch-progress').filter({ hasText: `${files.batchRows} / ${files.batchRows}` }).waitFor({ timeout: 240_000 });
    assert.ok(await download(page, () => page.getByRole('button', { name: 'Download predictions (CSV)' }).click()) > 0);
    assert.ok(await download(page, () => page.getByRole('button', { name: 'Download model (.zip)' }).click()) > 1e5);
    assert.ok(await download(page, () => page.getByRole('button', { name: 'Download TensorFlow.js weights (.zip)' }).click()) > 1e5);

    // The backends page, from its link: every backend checked.
    await page.getByTestId('diagnostics-link').click();
    await page.getByRole('heading', { name: 'Check your backends' }).waitFor();
    await page.getByRole('button', { name: 'Run checks' }).click();
    await page.getByRole('status').filter({ hasText: /^Done:|Could not run/ }).waitFor({ timeout: 400_000 });

    // Every request went to the page's origin or the chosen host, and the host was asked only for the chosen model.
    const network = seen.filter((u) => /^(https?|wss?):/.test(u) && !purposeful.has(u));
    const elsewhereUrls = network.filter((u) => ![origin, hubOrigin].includes(new URL(u).origin));
    assert.deepEqual(elsewhereUrls, [], 'requests to another origin');
    const hubUrls = network.filter((u) => new URL(u).origin === hubOrigin);
    assert.ok(hubUrls.length >= 3, `the chosen host was asked for the model: ${hubUrls.join(', ')}`);
    for (const u of hubUrls) assert.ok(new URL(u).pathname.includes(`/${TINY}/`), `the Hub asked for something but the model: ${u}`);
    assert.ok(network.filter((u) => new URL(u).origin === origin).length > 10, 'the page\'s own files recorded');
    assert.deepEqual(errors, []);
  }), { cleanUp: () => { fs.rmSync(tmp, { recursive: true, force: true }); void elsewhere.close(); } });
});
