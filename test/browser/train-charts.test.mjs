// The live charts stay cheap on long runs: a run's curve is drawn with at most two points per pixel column of
// the plot, however many points its history holds. The test trains a short run for real, then stores a copy
// of its job record whose history is that of a 6,000-step run (2,000 step points, as the history keeps at
// most), reloads, and reads how the charts drew it — structure, not timing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSmsSample, withStudio } from './studio-helpers.mjs';
import { dumpOnFailure, openTrainStage, startQuickRun, waitFor } from './train-helpers.mjs';

/** The plot's width in pixels (MetricChart: 440 wide, 60 + 16 margins): at most 2 points per column, plus the ends. */
const PLOT_WIDTH = 364;
const MAX_VERTICES = 2 * PLOT_WIDTH + 2;
const LONG_STEPS = 2000;

/** In the page: a copy of job `jobId` named "long run" whose history holds LONG_STEPS points over 6,000 steps. */
async function storeLongRun(page, jobId, points) {
  return page.evaluate(async ({ jobId, points }) => {
    const db = await new Promise((res, rej) => { const r = indexedDB.open('finetune-studio-jobs'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
    const req = (r) => new Promise((res, rej) => { r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
    const job = await req(db.transaction('jobs').objectStore('jobs').get(jobId));
    const steps = Array.from({ length: points }, (_, i) => {
      const step = 3 * (i + 1);
      // A decaying loss with one spike (step 3,000) that a pixel column must still show.
      const loss = step === 3000 ? 9 : 0.2 + Math.exp(-step / 1500) + 0.05 * Math.sin(i * 1.7);
      return { step, epoch: step / 2000, loss, smoothedLoss: 0.2 + Math.exp(-step / 1500), headLr: 1e-3 * (1 - step / 6000), bodyLr: 0, samplesPerSecond: 100 + (i % 7) };
    });
    const validation = [2000, 4000, 6000].map((step, i) => ({ step, epoch: i + 1, loss: 0.5 - 0.1 * i, metrics: { accuracy: 0.8 + 0.05 * i } }));
    const id = `${jobId}-long`;
    const long = {
      ...job, id, spec: { ...job.spec, name: 'long run' }, createdAt: new Date(Date.parse(job.createdAt) + 1000).toISOString(),
      history: { ...job.history, steps, stepStride: 4, validation, progress: { step: 6000, totalSteps: 6000, etaSeconds: 0 } },
    };
    const tx = db.transaction('jobs', 'readwrite');
    await req(tx.objectStore('jobs').put(long));
    await new Promise((res, rej) => { tx.oncomplete = res; tx.onerror = () => rej(tx.error); });
    db.close();
    return id;
  }, { jobId, points });
}

/** MetricChart's number format (formatTick.ts: three significant digits, zeros trimmed), to state the values a tooltip must show. */
const trim = (t) => { const [m, e] = t.split('e'); const mm = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m; return e === undefined ? mm : `${mm}e${e}`; };
const shown = (v) => (v === 0 ? '0' : Math.abs(v) >= 1000 ? v.toFixed(0) : Math.abs(v) < 1e-3 ? trim(v.toExponential(2)) : trim(v.toPrecision(3)));

/** Points at `fraction` of chart `id`'s plot width and returns its tooltip: the step and each series' text. */
async function hover(page, id, fraction) {
  const plot = page.getByTestId(id).locator('svg').first();
  await plot.scrollIntoViewIfNeeded();
  const box = await plot.boundingBox();
  await page.mouse.move(box.x + 60 + PLOT_WIDTH * fraction, box.y + 100);
  const tip = page.getByTestId(`${id}-tooltip`);
  await tip.waitFor();
  const lines = (await tip.innerText()).split('\n');
  return { step: Number(/^step (\d+)$/.exec(lines[0])[1]), values: Object.fromEntries(lines.slice(1).map((l) => l.split(': '))) };
}

/** The job record `jobId` as stored in the page's IndexedDB. */
const storedJob = (page, jobId) => page.evaluate(async (id) => {
  const db = await new Promise((res, rej) => { const r = indexedDB.open('finetune-studio-jobs'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
  const job = await new Promise((res, rej) => { const r = db.transaction('jobs').objectStore('jobs').get(id); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
  db.close();
  return job;
}, jobId);

/** Each line of a chart: its series key, how many points it is drawn with, and its topmost y (pixels). */
const linesOf = (chart) => chart.locator('path[data-series]').evaluateAll((paths) => paths.map((p) => ({
  series: p.dataset.series,
  vertices: Number(p.dataset.vertices),
  top: Math.min(...[...p.getAttribute('d').matchAll(/[ML][\d.]+,([\d.]+)/g)].map((m) => Number(m[1]))),
})));

test('long runs are drawn with at most two points per pixel column, spikes kept; hovering reads a point', { timeout: 600_000 }, async () => {
  await withStudio(async ({ page, errors }) => {
    await dumpOnFailure(() => page, 'train-charts-failure', async () => {
      await loadSmsSample(page);
      await page.getByRole('tab', { name: /Model/ }).click();
      await page.getByTestId('model-chosen').waitFor({ timeout: 60_000 });
      await openTrainStage(page);
      await page.getByTestId('train-inputs-summary').waitFor({ timeout: 60_000 });
      await startQuickRun(page, { backend: 'wasm', batchSize: 16, trainExamples: 128, evalExamples: 32 });
      const view = page.getByTestId('run-view');
      await waitFor(async () => (await view.getAttribute('data-status')) === 'done', 480_000, 'the short run to finish');
      const shortId = await view.getAttribute('data-job-id');
      // A short run is drawn point for point.
      const shortLoss = page.getByTestId('chart-train-loss');
      const shortPoints = Number(await shortLoss.getAttribute('data-points'));
      assert.ok(shortPoints >= 2, `the short run has ${shortPoints} loss points`);
      for (const l of await linesOf(shortLoss)) assert.equal(l.vertices, shortPoints, `${l.series} of the short run`);
      // Its last point reads what the run recorded for its last step.
      const last = (await storedJob(page, shortId)).history.steps.at(-1);
      const end = await hover(page, 'chart-train-loss', 1);
      assert.equal(end.step, last.step);
      assert.deepEqual(end.values, { 'loss (raw)': shown(last.loss), 'loss (smoothed)': shown(last.smoothedLoss) });

      const longId = await storeLongRun(page, shortId, LONG_STEPS);
      await page.reload();
      await openTrainStage(page);
      await page.locator(`[data-testid="run-row"][data-job-id="${longId}"]`).getByRole('button', { name: 'long run' }).click();
      await waitFor(async () => (await view.getAttribute('data-job-id')) === longId, 30_000, 'the long run shown');

      const loss = page.getByTestId('chart-train-loss');
      assert.equal(Number(await loss.getAttribute('data-points')), LONG_STEPS);
      for (const id of ['chart-train-loss', 'chart-lr', 'chart-throughput']) {
        for (const l of await linesOf(page.getByTestId(id))) {
          assert.ok(l.vertices <= MAX_VERTICES, `${id} ${l.series}: ${l.vertices} points drawn, at most ${MAX_VERTICES}`);
          assert.ok(l.vertices >= PLOT_WIDTH, `${id} ${l.series}: ${l.vertices} points drawn cover every pixel column`);
        }
      }
      // The spike (9 at step 3,000; the rest below 1.3) is the raw loss line's highest point.
      const [raw, smoothed] = await linesOf(loss);
      assert.equal(raw.series, 'loss');
      assert.ok(raw.top < smoothed.top - 100, `the spike is drawn: raw line top ${raw.top} px, smoothed ${smoothed.top} px`);

      // Hovering reads the point nearest to the pointer (steps 3, 6, …, 6000) with the values stored for it.
      const mid = await hover(page, 'chart-train-loss', 0.5);
      assert.ok(mid.step % 3 === 0 && Math.abs(mid.step - 3000) <= 30, `hovered step ${mid.step}`);
      const i = mid.step / 3 - 1;
      const smooth = 0.2 + Math.exp(-mid.step / 1500);
      assert.deepEqual(mid.values, {
        'loss (raw)': shown(mid.step === 3000 ? 9 : smooth + 0.05 * Math.sin(i * 1.7)), 'loss (smoothed)': shown(smooth),
      });
      const lrEnd = await hover(page, 'chart-lr', 1);
      assert.deepEqual(lrEnd, { step: 6000, values: { head: '0', 'body (top layer)': '0' } });
      const lrStart = await hover(page, 'chart-lr', 0);
      assert.deepEqual(lrStart, { step: 3, values: { head: shown(1e-3 * (1 - 3 / 6000)), 'body (top layer)': '0' } });
      const valEnd = await hover(page, 'chart-validation', 1);
      assert.deepEqual(valEnd, { step: 6000, values: { 'validation loss': shown(0.3), accuracy: shown(0.9) } });

      // Both runs overlaid on one step axis: the long one decimated too.
      for (const id of [shortId, longId]) await page.locator(`[data-testid="run-row"][data-job-id="${id}"]`).getByRole('checkbox').check();
      const compare = page.getByTestId('compare-train-loss');
      await compare.waitFor();
      assert.ok(Number(await compare.getAttribute('data-points')) >= LONG_STEPS);
      const lines = await linesOf(compare);
      assert.deepEqual(lines.map((l) => l.series), ['r0', 'r1']);
      for (const l of lines) assert.ok(l.vertices <= MAX_VERTICES, `compare ${l.series}: ${l.vertices} points drawn`);
      assert.deepEqual(errors, []);
    });
  });
});
