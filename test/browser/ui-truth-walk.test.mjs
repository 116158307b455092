// A newcomer's walk with a 4-class topic dataset (multi-line texts, one over-long) and the bundled model, checking
// that the studio says true things on the way: the preview shows a multi-line text whole and the cleaning report
// names its limit; Next buttons lead through the stages; the job form survives a reload; runs get names that tell
// them apart, a clock, and keep only the checkpoint they need; the learning-rate axis has distinct ticks; a
// 4-class model explains why thresholds do not apply and offers a confidence cut-off; batch prediction is
// virtualised, scored against the file's labels and downloads score_<class> columns; the model card gives the
// right epoch, lists only the files written and says what loads a GloVe model; the Storage panel shows sizes and
// deletes; the backends page is linked and styled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import Papa from 'papaparse';
import { root } from './harness.mjs';
import { importDataset, withStudio } from './studio-helpers.mjs';
import { dumpOnFailure, openTrainStage, setField, waitFor, openAdvanced } from './train-helpers.mjs';

const TOPICS = ['computers', 'politics', 'science', 'food'];
const MULTI_LINE = 'Subject: the build is red again\nHi all,\n\nthe nightly compiler run failed on the linker step.\n-- \nops';

/** 4 topics of the fortunes sample (public/samples, provenance there): 110 rows each to train on, 50 each to predict. */
function topicFiles(dir) {
  const rows = Papa.parse(fs.readFileSync(path.join(root, 'public/samples/fortunes_topics.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
  const pick = (from, n) => TOPICS.flatMap((t) => rows.filter((r) => r.label === t).slice(from, from + n));
  const train = [{ text: MULTI_LINE, label: 'computers' }, ...pick(0, 110), { text: 'word '.repeat(420), label: 'science' }];
  const batch = pick(110, 50);
  const trainPath = path.join(dir, 'topics4.csv');
  const batchPath = path.join(dir, 'topics4-new.csv');
  fs.writeFileSync(trainPath, Papa.unparse(train));
  fs.writeFileSync(batchPath, Papa.unparse(batch));
  return { trainPath, batchPath, rows: train.length, batchRows: batch.length };
}

const field = (page, p) => page.getByTestId(`field-${p}`).locator('input').first();

async function downloadBytes(page, click) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), click()]);
  return new Uint8Array(fs.readFileSync(await download.path()));
}

/** Starts a run with the form as it is and waits for it to finish; returns its job id. */
async function runToEnd(page, previousId) {
  await page.getByRole('button', { name: 'Start training' }).click();
  const view = page.getByTestId('run-view');
  await waitFor(async () => (await view.getAttribute('data-job-id')) !== previousId, 30_000, 'the new run shown');
  await waitFor(async () => (await view.getAttribute('data-status')) === 'done', 480_000, 'the run to finish');
  return view.getAttribute('data-job-id');
}

test('the studio tells the truth along a newcomer\'s walk', { timeout: 900_000 }, async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ui-truth-'));
  const files = topicFiles(tmp);
  await withStudio(({ page, errors }) => dumpOnFailure(() => page, 'ui-truth-walk', async () => {
    // Data: the preview shows a multi-line e-mail whole, and the over-long rule says its limit and what it does.
    await importDataset(page, files.trainPath, `${files.rows} rows`);
    // The Storage panel's figure follows the import at once (it read 0 B until something was deleted).
    await waitFor(async () => Number(await page.getByTestId('storage-summary').getAttribute('data-usage')) > 0, 30_000, 'the storage figure to count the dataset');
    await page.getByTestId('preview-table').getByRole('row').nth(1).click();
    const detail = page.getByTestId('row-detail');
    assert.equal(await detail.locator('[data-column="text"]').innerText(), MULTI_LINE);
    assert.match(await page.getByTestId('preview-table').getByRole('row').nth(1).innerText(), /red again ↵ Hi all/);
    await page.getByTestId('split-table').waitFor({ timeout: 60_000 });
    const tooLong = page.getByTestId('check-too-long');
    assert.match(await tooLong.innerText(), /Over-long text \(over 2,000 characters\): 1/);
    assert.match(await tooLong.innerText(), /Kept unless ticked: .*max sequence length in tokens/);

    // Next buttons lead through the stages; the bundled model is chosen.
    await page.getByRole('button', { name: 'Next: Model →' }).click();
    await page.getByTestId('model-chosen').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Next: Train →' }).click();
    await page.getByRole('heading', { name: 'Train', exact: true }).waitFor();
    await page.getByTestId('train-inputs-summary').waitFor({ timeout: 60_000 });

    // The offline CNN's Quick freezes the word vectors and says so; ticking "head only" says only the head trains.
    await openAdvanced(page);
    await page.getByRole('radio', { name: /Quick/ }).check();
    assert.match(await page.getByTestId('freeze-summary').innerText(), /embeddings stay frozen \(untick "Freeze embeddings"/);
    await field(page, 'hyperparameters.freeze.headOnly').check();
    assert.match(await page.getByTestId('freeze-summary').innerText(), /only the classifier head/);
    await openAdvanced(page);
    await page.getByRole('radio', { name: /Quick/ }).check();

    // A constant learning rate of 0.002 (the axis once read "0.002" on every tick), on wasm, a fixed seed.
    await setField(page, 'hyperparameters.learningRate', '0.002');
    await page.getByTestId('field-hyperparameters.schedule').locator('select').selectOption('constant');
    await page.getByTestId('field-hyperparameters.backend').locator('select').selectOption('wasm');
    await setField(page, 'hyperparameters.seed', '7');
    await page.getByLabel('Max validation / test examples').fill('40');

    // The form survives a reload (the epochs and freezing are the Quick preset's for this model family).
    const epochsBefore = await field(page, 'hyperparameters.epochs').inputValue();
    const headOnlyBefore = await field(page, 'hyperparameters.freeze.headOnly').isChecked();
    await page.reload();
    await openTrainStage(page);
    await page.getByTestId('train-inputs-summary').waitFor({ timeout: 60_000 });
    assert.equal(await field(page, 'hyperparameters.seed').inputValue(), '7');
    assert.equal(await field(page, 'hyperparameters.learningRate').inputValue(), '0.002');
    assert.equal(await field(page, 'hyperparameters.epochs').inputValue(), epochsBefore);
    assert.equal(await page.getByTestId('field-hyperparameters.schedule').locator('select').inputValue(), 'constant');
    assert.equal(await page.getByLabel('Max validation / test examples').inputValue(), '40');
    assert.equal(await field(page, 'hyperparameters.freeze.headOnly').isChecked(), headOnlyBefore);

    // Two runs of the same form get different names, a clock, and keep only their best checkpoint.
    const first = await runToEnd(page, null);
    const view = page.getByTestId('run-view');
    const firstName = await view.locator('h3').first().innerText();
    assert.match(firstName, /^topics4 · offline-glove-cnn · custom \(done\)$/);
    assert.match(await page.getByTestId('run-timing').innerText(), /^Trained in \d+ s \(started .*, ended .*\)$/);
    assert.equal(await page.getByTestId('train-progress').getByTestId('train-eta').innerText(), 'done');
    const cps = page.getByTestId('run-checkpoints');
    await waitFor(async () => /After the run: /.test(await cps.innerText()), 30_000, 'the checkpoint clean-up');
    assert.equal(await cps.getAttribute('data-count'), '1');
    assert.match(await cps.innerText(), /kept the checkpoint at step \d+ \([\d.]+ (kB|MB)\), the best/);
    const ticks = await page.getByTestId('chart-lr').locator('.chart-axes text[text-anchor="end"]').allTextContents();
    assert.ok(ticks.length >= 3 && new Set(ticks).size === ticks.length, `learning-rate ticks ${ticks.join(' | ')}`);
    const second = await runToEnd(page, first);
    assert.match(await view.locator('h3').first().innerText(), /^topics4 · offline-glove-cnn · custom #2 \(done\)$/);

    // Use: a 4-class model explains why thresholds do not apply and offers a confidence cut-off.
    await page.getByRole('button', { name: 'Try it in the Use stage' }).click();
    await page.getByTestId('use-workbench').waitFor({ timeout: 120_000 });
    assert.equal(await page.getByRole('heading', { name: 'Decision thresholds' }).count(), 0);
    assert.match(await page.getByTestId('why-no-thresholds').innerText(), /one of 4 classes: the most probable class wins/);
    await page.getByRole('button', { name: /Measure on the validation split/ }).click();
    const cutoffs = page.getByTestId('cutoff-table');
    await cutoffs.waitFor({ timeout: 120_000 });
    const coverage = await cutoffs.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Number(/\((\d+) of/.exec(tr.children[1].textContent)[1])));
    assert.ok(coverage.every((c, i) => i === 0 || c <= coverage[i - 1]), `coverage falls as the cut-off rises: ${coverage}`);
    await cutoffs.locator('tr[data-cutoff="0.5"]').getByRole('button', { name: 'Choose' }).click();
    await page.getByRole('button', { name: 'Save cut-off' }).click();
    await page.getByText('Cut-off 0.50 saved').waitFor();

    // Playground: a one-text model has no "second text"; the outcome names its rule.
    assert.equal(await page.getByText('Second text (sentence pair)').count(), 0);
    await page.getByLabel('Text to classify').fill('The senate passed the budget bill after a long debate.');
    await page.getByRole('button', { name: 'Predict', exact: true }).click();
    await page.getByTestId('playground-result').waitFor({ timeout: 60_000 });
    const top = await page.getByTestId('top-class').innerText();
    assert.ok([...TOPICS, 'uncertain'].includes(top), top);
    assert.match(await page.getByTestId('decision-rule').innerText(), /cut-off/);

    // Batch: 200 rows, virtualised, scored against the label column; the download has score_<class> columns.
    await page.getByLabel('CSV file for batch prediction').setInputFiles(files.batchPath);
    assert.equal(await page.getByLabel('Label column').inputValue(), 'label');
    await page.getByRole('button', { name: `Predict ${files.batchRows} rows` }).click();
    await page.getByTestId('batch-progress').filter({ hasText: `${files.batchRows} / ${files.batchRows}` }).waitFor({ timeout: 240_000 });
    const shownRows = await page.getByTestId('batch-predictions').getByRole('row').count();
    assert.ok(shownRows < 40, `${shownRows} rows in the page for ${files.batchRows} predictions`);
    const box = await page.getByRole('region', { name: 'Batch prediction' }).boundingBox();
    assert.ok(box.height < 1600, `the batch section is ${box.height} px tall`);
    const score = page.getByTestId('batch-score');
    await score.waitFor();
    assert.equal(await score.getAttribute('data-scored'), String(files.batchRows));
    const acc = Number(await score.locator('[data-metric="accuracy"]').getAttribute('data-value'));
    const cells = (await score.getByTestId('batch-confusion').locator('td').allInnerTexts()).map(Number);
    assert.equal(cells.reduce((a, b) => a + b, 0), files.batchRows);
    const diagonal = [0, 1, 2, 3].reduce((s, i) => s + cells[i * 4 + i], 0);
    assert.ok(Math.abs(diagonal / files.batchRows - acc) < 1e-9, `accuracy ${acc} vs the diagonal ${diagonal}`);
    const csv = Papa.parse(strFromU8(await downloadBytes(page, () => page.getByRole('button', { name: 'Download predictions (CSV)' }).click())).trim()).data;
    const labelNames = ['computers', 'food', 'politics', 'science'];
    assert.deepEqual(csv[0], ['text', 'label', 'prediction', 'uncertain', ...labelNames.map((l) => `score_${l}`)]);
    assert.equal(csv.length, files.batchRows + 1);

    // The model card: the right epoch (never past the run's last), only the files written, what loads a GloVe model, where it was trained.
    const zip = unzipSync(await downloadBytes(page, () => page.getByRole('button', { name: 'Download model (.zip)' }).click()));
    const rootDir = Object.keys(zip)[0].split('/')[0];
    const card = strFromU8(zip[`${rootDir}/README.md`]);
    const epoch = Number(/Best checkpoint: epoch (\d+)/.exec(card)[1]);
    assert.ok(epoch >= 1 && epoch <= Number(epochsBefore), `best epoch ${epoch} of a ${epochsBefore}-epoch run`);
    // The card's Files section names exactly the ONNX files the zip holds (the CNN exports them; other models may not).
    const onnxInZip = Object.keys(zip).filter((f) => f.includes('/onnx/')).map((f) => f.slice(rootDir.length + 1));
    for (const f of ['onnx/model.onnx', 'onnx/model_quantized.onnx']) {
      assert.equal(card.includes(`\`${f}\``), onnxInZip.includes(f), `the card and the zip disagree about ${f}`);
    }
    assert.ok(!/library_name: transformers/.test(card), 'a GloVe model claims transformers loads it');
    assert.match(card, /FineTune Studio architecture that Hugging Face transformers and transformers\.js cannot load/);
    assert.match(card, /fine-tuned with FineTune Studio in the browser\./);
    assert.match(card, /## Confidence cut-off/);
    assert.match(card, /Trained on the wasm backend in \d+ s\./);

    // Storage: sizes per run and model, the quota, and deleting a run.
    await page.getByTestId('storage-summary').click();
    const runsTable = page.getByTestId('storage-runs');
    await runsTable.waitFor();
    assert.match(await page.getByTestId('storage-summary').innerText(), /Storage in this browser: [\d.]+ (kB|MB|GB) used of [\d.]+ (MB|GB) allowed/);
    assert.equal(await runsTable.locator('tbody tr').count(), 2);
    assert.equal(await runsTable.locator(`tr[data-job-id="${second}"]`).getAttribute('data-checkpoints'), '1');
    assert.ok(Number(await runsTable.locator(`tr[data-job-id="${second}"]`).getAttribute('data-bytes')) > 1e5);
    // Deleting a run's checkpoints keeps the run and its model.
    const secondRow = runsTable.locator(`tr[data-job-id="${second}"]`);
    page.once('dialog', (d) => d.accept());
    await secondRow.getByRole('button', { name: /^Delete the checkpoints of/ }).click();
    await waitFor(async () => (await secondRow.getAttribute('data-checkpoints')) === '0', 30_000, 'the checkpoints deleted');
    assert.equal(await secondRow.getAttribute('data-bytes'), '0');
    page.once('dialog', (d) => d.accept());
    await runsTable.locator(`tr[data-job-id="${first}"]`).getByRole('button', { name: /^Delete run/ }).click();
    await waitFor(async () => (await runsTable.locator('tbody tr').count()) === 1, 30_000, 'the run deleted');
    const models = page.getByTestId('storage-models');
    assert.equal(await models.locator('tbody tr').count(), 2);
    page.once('dialog', (d) => d.accept());
    await models.locator(`tr[data-model-id="${first}"]`).getByRole('button', { name: /^Delete model/ }).click();
    await waitFor(async () => (await models.locator('tbody tr').count()) === 1, 30_000, 'the model deleted');
    // The Use stage's list follows at once.
    await waitFor(async () => (await page.getByRole('region', { name: 'Models' }).locator('tbody tr').count()) === 1, 30_000, 'the models list to follow');
    await openTrainStage(page);
    assert.equal(await page.locator(`[data-testid="run-row"][data-job-id="${first}"]`).count(), 0);

    // The backends page is linked from every stage and styled like the studio.
    await page.getByTestId('diagnostics-link').click();
    await page.getByRole('heading', { name: 'Check your backends' }).waitFor();
    assert.match(await page.evaluate(() => getComputedStyle(document.body).fontFamily), /system-ui/);
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.app')).maxWidth), '1200px');
    await page.getByTestId('back-to-studio').click();
    await page.getByRole('heading', { name: 'FineTune Studio' }).waitFor();
    assert.deepEqual(errors, []);
  }), { cleanUp: () => fs.rmSync(tmp, { recursive: true, force: true }) });
});
