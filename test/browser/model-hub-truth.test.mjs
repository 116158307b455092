// The Model stage with the Hub, as a newcomer meets it: a repository without tokenizer.json fails before a byte of
// its weights is fetched (and again on a retry), the page says what is still chosen and what works without the Hub;
// a repository without special_tokens_map.json downloads with no 404 in the console; the storage figure follows
// the download; the Storage panel lists the downloaded files with their size and deletes them; after a reload the
// Hub id field shows the chosen model and typing into it replaces it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { root } from './harness.mjs';
import { withStudio } from './studio-helpers.mjs';
import { waitFor } from './train-helpers.mjs';

const TINY = 'ftstudio-fixtures/tiny-bert';

test('Hub: required files checked before the weights, no 404s, the choice kept and shown', { timeout: 300_000 }, async () => {
  await withStudio(async ({ page, errors, servers }) => {
    await page.getByRole('tab', { name: /Model/ }).click();
    await page.getByTestId('model-chosen').waitFor({ timeout: 60_000 }); // the bundled model, on a first visit
    await page.getByTestId('model-source-hub').check();
    const idField = page.getByTestId('hub-model-id');
    assert.equal(await idField.inputValue(), '');
    assert.match(await idField.getAttribute('placeholder'), /e\.g\. google\/bert_uncased_L-2_H-128_A-2/);
    await page.getByText('Advanced: revision and Hub host').click();
    await page.getByTestId('hub-host').fill(servers.hubUrl);

    // No tokenizer.json: refused before the weights, twice, and the bundled model is still the one chosen.
    servers.hub.hidden.add(`${TINY}/tokenizer.json`);
    await idField.fill(TINY);
    for (let attempt = 0; attempt < 2; attempt++) {
      await page.getByTestId('hub-load').click();
      await page.getByTestId('model-error').filter({ hasText: 'has no tokenizer.json' }).waitFor({ timeout: 60_000 });
    }
    const weightsAsked = servers.hub.calls.filter((c) => /model\.safetensors/.test(c));
    assert.deepEqual(weightsAsked, [], 'the weights were requested for a repository that cannot work');
    assert.equal(servers.hub.calls.filter((c) => c === `GET /api/models/${TINY}/tree/main`).length, 2);
    const still = await page.getByTestId('model-still-chosen').innerText();
    assert.match(still, /Still chosen for training: Offline convolutional model/);
    assert.match(still, /bundled offline model .* local folder/);

    // Without special_tokens_map.json: it downloads, nothing asks for the missing file, the console stays clean,
    // and the storage figure grows by about the download without leaving the stage.
    servers.hub.hidden.clear();
    servers.hub.hidden.add(`${TINY}/special_tokens_map.json`);
    const storage = page.getByTestId('model-storage');
    await storage.waitFor();
    const before = Number(await storage.getAttribute('data-usage'));
    await page.getByTestId('hub-load').click();
    await page.locator('[data-testid="model-summary"][data-model-type="bert"]').waitFor({ timeout: 120_000 });
    await page.getByTestId('model-chosen').waitFor();
    assert.deepEqual(servers.hub.calls.filter((c) => c.includes('special_tokens_map')), []);
    await waitFor(async () => Number(await storage.getAttribute('data-usage')) - before > 3e6, 30_000, 'the storage figure to follow the download');
    await waitFor(async () => Number(await page.getByTestId('storage-summary').getAttribute('data-usage')) - before > 3e6, 30_000, 'the Storage panel to follow it too');

    // The Storage panel lists the downloaded files under the model's name with their size, and deletes them.
    await page.getByTestId('storage-summary').click();
    const cached = page.getByTestId('storage-cached-models').locator('tbody tr').filter({ hasText: `${TINY}@main` });
    await cached.waitFor();
    const downloaded = Number(await cached.getAttribute('data-bytes'));
    const onDisk = ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt']
      .reduce((n, f) => n + fs.statSync(path.join(root, 'test/fixtures/hub', TINY, f)).size, 0);
    assert.ok(downloaded >= onDisk && downloaded < onDisk + 1024, `${downloaded} bytes listed for ${onDisk} bytes of files (and a small manifest)`);
    page.once('dialog', (d) => d.accept());
    await cached.getByRole('button', { name: `Delete downloaded ${TINY}@main` }).click();
    await cached.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(async () => (await (await caches.open('finetune-studio-models')).keys()).length), 0);
    await page.getByTestId('storage-summary').click();

    // After a reload the field shows the chosen model; clicking into it and typing replaces the id.
    await page.reload();
    await page.getByRole('tab', { name: /Model/ }).click();
    await page.getByTestId('model-chosen').waitFor({ timeout: 60_000 });
    assert.equal(await idField.inputValue(), TINY);
    await idField.click({ position: { x: 40, y: 8 } });
    await page.keyboard.type('prajjwal1/bert-mini');
    assert.equal(await idField.inputValue(), 'prajjwal1/bert-mini');
    assert.deepEqual(errors, []);
  });
});
