// The Use stage, driven as a person would: import a model zip (an HF folder), type a text in the
// playground and see probabilities equal to transformers.js' on the same folder; batch-predict a CSV
// and check the downloaded file (incl. a neutralised formula cell); download the model zip and check its
// files and config.json; the models list shows it, and delete removes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync, unzipSync, strFromU8 } from 'fflate';
import Papa from 'papaparse';
import { env, pipeline } from '@huggingface/transformers';
import { root, screenshot, smsPath } from './harness.mjs';
import { withStudio, writeFiles } from './studio-helpers.mjs';

const fixture = path.join(root, 'test/fixtures/hub/ftstudio-fixtures/tiny-bert-classifier');
const TEXT = 'WINNER!! You have been selected to receive a £900 prize reward. Call now.';

function zipOfFolder(dir, rootName) {
  const entries = {};
  for (const f of fs.readdirSync(dir)) entries[`${rootName}/${f}`] = new Uint8Array(fs.readFileSync(path.join(dir, f)));
  return zipSync(entries);
}

async function downloadBytes(page, click) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), bytes: new Uint8Array(fs.readFileSync(file)) };
}

test('use stage: import, playground, batch prediction, downloads, models list', { timeout: 600_000 }, async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'use-test-'));
  const zipPath = path.join(tmp, 'tiny-spam.zip');
  fs.writeFileSync(zipPath, zipOfFolder(fixture, 'tiny-spam'));
  const labelledPath = path.join(tmp, 'validation.csv');
  const sms = fs.readFileSync(smsPath, 'utf8').split('\n').slice(1, 41).join('\n');
  fs.writeFileSync(labelledPath, `text,label\n${sms}\n`);
  const csvPath = path.join(tmp, 'inbox.csv');
  fs.writeFileSync(csvPath, 'id,message\n1,hello how are you\n2,"=SUM(1,2)"\n3,FREE entry to win cash now\n4,@home later\n5,ok see you at 5\n');

  await withStudio(async ({ page, errors }) => {
    await page.getByRole('tab', { name: /Use/ }).click();
    await page.getByText('No models yet').waitFor();

    // Import: a zip of a Hugging Face folder.
    await page.getByLabel('Model zip').setInputFiles(zipPath);
    await page.getByText('Imported "tiny-spam"').waitFor({ timeout: 120_000 });
    await page.getByTestId('use-workbench').waitFor({ timeout: 120_000 });

    // Playground.
    await page.getByLabel('Text to classify').fill(TEXT);
    await page.getByRole('button', { name: 'Predict', exact: true }).click();
    await page.getByTestId('playground-result').waitFor({ timeout: 120_000 });
    const top = await page.getByTestId('top-class').textContent();
    assert.ok(['ham', 'spam'].includes(top), `top class ${top}`);
    assert.match(await page.getByTestId('latency').textContent(), /^Latency: \d+ ms$/);
    const cells = await page.getByRole('table', { name: 'Class probabilities' }).locator('tbody tr').allTextContents();
    const shown = Object.fromEntries(cells.map((r) => { const m = /^(ham|spam)([\d.]+) %$/.exec(r); assert.ok(m, r); return [m[1], Number(m[2])]; }));
    assert.ok(Math.abs(shown.ham + shown.spam - 100) <= 0.11, JSON.stringify(shown));
    await screenshot(page, 'use-playground.png');

    // Threshold tuning on 40 labelled rows; saved thresholds show in the playground and go into config.json.
    await page.getByLabel('Labelled CSV for threshold tuning').setInputFiles(labelledPath);
    const tuned = page.getByRole('table', { name: 'Tuned thresholds' });
    await tuned.waitFor({ timeout: 120_000 });
    const [label, value] = (await tuned.locator('tbody td').allTextContents());
    assert.equal(label, 'spam');
    const threshold = Number(value);
    assert.ok(threshold > 0 && threshold < 1, value);
    await page.getByRole('button', { name: 'Save thresholds' }).click();
    await page.getByText(`spam ≥ ${threshold.toFixed(3)}`).waitFor();

    // Batch prediction → download CSV.
    await page.getByLabel('CSV file for batch prediction').setInputFiles(csvPath);
    await page.getByLabel('Text column').selectOption('message');
    await page.getByRole('button', { name: 'Predict 5 rows' }).click();
    await page.getByTestId('batch-progress').filter({ hasText: '5 / 5' }).waitFor({ timeout: 120_000 });
    const csv = await downloadBytes(page, () => page.getByRole('button', { name: 'Download predictions (CSV)' }).click());
    assert.equal(csv.name, 'inbox-predictions.csv');
    const rows = Papa.parse(strFromU8(csv.bytes).trim()).data;
    assert.deepEqual(rows[0], ['id', 'message', 'prediction', 'p_ham', 'p_spam']);
    assert.equal(rows.length, 6);
    assert.equal(rows[2][1], "'=SUM(1,2)");
    assert.equal(rows[4][1], "'@home later");
    for (const r of rows.slice(1)) {
      assert.ok(['ham', 'spam'].includes(r[2]));
      assert.ok(Math.abs(Number(r[3]) + Number(r[4]) - 1) < 1e-5, r.join(','));
    }

    // Download the model zip and check what other tools will read.
    const model = await downloadBytes(page, () => page.getByRole('button', { name: 'Download model (.zip)' }).click());
    assert.equal(model.name, 'tiny-spam.zip');
    const files = unzipSync(model.bytes);
    const names = Object.keys(files).sort();
    for (const f of ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.txt', 'README.md',
      'onnx/model.onnx', 'onnx/model_quantized.onnx']) {
      assert.ok(names.includes(`tiny-spam/${f}`), `zip lacks ${f}: ${names.join(', ')}`);
    }
    const config = JSON.parse(strFromU8(files['tiny-spam/config.json']));
    assert.deepEqual(config.architectures, ['BertForSequenceClassification']);
    assert.deepEqual(config.id2label, { 0: 'ham', 1: 'spam' });
    assert.equal(config.problem_type, 'single_label_classification');
    assert.equal(config.hidden_size, 32);
    assert.equal(config.finetune_studio.thresholds.values.spam.toFixed(4), threshold.toFixed(4));
    assert.match(strFromU8(files['tiny-spam/README.md']), /## Decision thresholds/);

    // The downloaded folder loads in transformers.js (Node, offline) and agrees with the page.
    const out = path.join(tmp, 'downloaded');
    writeFiles(files, out);
    env.allowRemoteModels = false;
    env.localModelPath = out + '/';
    const fromZip = await pipeline('text-classification', 'tiny-spam', { dtype: 'fp32' });
    const viaZip = await fromZip(TEXT, { top_k: null });
    assert.equal(viaZip.length, 2);
    for (const { label, score } of viaZip) assert.ok(Math.abs(shown[label] - score * 100) <= 0.051, `${label}: ${shown[label]} vs ${score * 100}`);
    await fromZip.dispose();

    // The TensorFlow.js format: model.json whose manifest names every weight, and its shard.
    const tfjs = await downloadBytes(page, () => page.getByRole('button', { name: 'Download TensorFlow.js weights (.zip)' }).click());
    assert.equal(tfjs.name, 'tiny-spam-tfjs.zip');
    const tfjsFiles = unzipSync(tfjs.bytes);
    const modelJson = JSON.parse(strFromU8(tfjsFiles['tiny-spam-tfjs/model.json']));
    const manifest = modelJson.weightsManifest[0];
    assert.deepEqual(manifest.paths, ['group1-shard1of1.bin']); // 4.0 MB of weights: one 4 MiB shard
    const st = files['tiny-spam/model.safetensors'];
    const headerLen = new DataView(st.buffer, st.byteOffset).getUint32(0, true);
    const stNames = Object.keys(JSON.parse(strFromU8(st.subarray(8, 8 + headerLen)))).filter((n) => n !== '__metadata__').sort();
    assert.deepEqual(manifest.weights.map((w) => w.name), stNames);
    const shardBytes = manifest.paths.reduce((n, p) => n + tfjsFiles[`tiny-spam-tfjs/${p}`].byteLength, 0);
    assert.equal(shardBytes, manifest.weights.reduce((n, w) => n + 4 * w.shape.reduce((a, b) => a * b, 1), 0));
    assert.equal(modelJson.userDefinedMetadata.hf_config.model_type, 'bert');

    // The models list, then delete.
    const list = page.getByRole('region', { name: 'Models' });
    await list.getByRole('cell', { name: 'tiny-spam (imported)' }).waitFor();
    page.once('dialog', (d) => d.accept());
    await list.getByRole('button', { name: 'Delete tiny-spam' }).click();
    await page.getByText('No models yet').waitFor();
    assert.deepEqual(errors, []);
  }, { cleanUp: () => fs.rmSync(tmp, { recursive: true, force: true }) });
});
