import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { root } from './harness.mjs';
import { withStudio } from './studio-helpers.mjs';

const fixtures = path.join(root, 'test/fixtures/hub/ftstudio-fixtures');

test('local folder: pick a model folder, it survives a reload; Hub and folder errors are named', { timeout: 240_000 }, async () => {
  // A 404 from the mock Hub is logged by Chromium as a failed resource; that is the scenario, not a bug.
  await withStudio(async ({ page, errors, servers }) => {
    await page.getByRole('tab', { name: /Model/ }).click();
    await page.locator('[data-testid="model-summary"][data-model-type="glove-cnn"]').waitFor({ timeout: 60_000 });

    // Hub errors, in words.
    await page.getByTestId('model-source-hub').check();
    await page.getByText('Advanced: revision and Hub host').click();
    await page.getByTestId('hub-host').fill(servers.hubUrl);
    await page.getByTestId('hub-model-id').fill('ftstudio-fixtures/tiny-bert-bin-only');
    await page.getByTestId('hub-load').click();
    const error = page.getByTestId('model-error');
    await error.waitFor();
    assert.match(await error.innerText(), /has only pytorch_model\.bin/);
    await page.getByTestId('hub-model-id').fill('nobody/no-such-model');
    await page.getByTestId('hub-load').click();
    await page.getByText(/No model "nobody\/no-such-model" at revision "main"/).waitFor();

    // A slow download can be cancelled: the bar goes away, no error, nothing chosen.
    await page.route('**/model.safetensors', async (route) => {
      await new Promise((r) => setTimeout(r, 3000));
      await route.continue().catch(() => {});
    });
    await page.getByTestId('hub-model-id').fill('ftstudio-fixtures/tiny-bert');
    await page.getByTestId('hub-load').click();
    await page.getByTestId('model-cancel').click();
    await page.getByTestId('model-progress').waitFor({ state: 'detached' });
    await page.waitForTimeout(3500); // past the held-back response: a cancelled load must not land late
    assert.equal(await page.getByTestId('model-error').count(), 0);
    assert.equal(await page.locator('[data-testid="model-summary"][data-model-type="bert"]').count(), 0);
    await page.unroute('**/model.safetensors');

    // A local folder (as <input webkitdirectory> gives it).
    await page.getByTestId('model-source-local').check();
    await page.getByTestId('model-folder-input').setInputFiles(path.join(fixtures, 'tiny-bert-bin-only'));
    await page.getByText(/The folder "tiny-bert-bin-only" has pytorch_model\.bin but no model\.safetensors/).waitFor();
    await page.getByTestId('model-folder-input').setInputFiles(path.join(fixtures, 'tiny-distilbert'));
    const summary = page.locator('[data-testid="model-summary"][data-model-type="distilbert"]');
    await summary.waitFor({ timeout: 60_000 });
    await page.getByTestId('model-chosen').waitFor();
    assert.match(await summary.innerText(), /Local folder: tiny-distilbert/);

    // Dropping the model's files (as a drag from a file manager does) loads them too.
    const dropped = ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt']
      .map((name) => ({ name, base64: fs.readFileSync(path.join(fixtures, 'tiny-bert', name)).toString('base64') }));
    const dataTransfer = await page.evaluateHandle((files) => {
      const dt = new DataTransfer();
      for (const f of files) {
        const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
        dt.items.add(new File([bytes], f.name));
      }
      return dt;
    }, dropped);
    await page.getByTestId('model-folder-drop').dispatchEvent('drop', { dataTransfer });
    await page.locator('[data-testid="model-summary"][data-model-type="bert"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('model-chosen').waitFor();
    await page.getByTestId('model-folder-input').setInputFiles(path.join(fixtures, 'tiny-distilbert'));
    await summary.waitFor({ timeout: 60_000 });

    // Reload: the folder's files come back from the browser's storage.
    await page.reload();
    await page.getByRole('tab', { name: /Model/ }).click();
    await summary.waitFor({ timeout: 60_000 });
    await page.getByTestId('model-from-cache').waitFor();
    assert.equal(await page.getByTestId('model-source-local').isChecked(), true);
    assert.deepEqual(errors.filter((e) => !/Failed to load resource: the server responded with a status of 404/.test(e)), []);
  });
});
