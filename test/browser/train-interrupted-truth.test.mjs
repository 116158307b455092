// Interrupted runs, as the Train stage shows them after a reload: one paused at a checkpoint says what it resumes
// from (no "No checkpoint yet", no stale ETA), Resume next to Start continues it, "Resuming…" goes once it has,
// and cancelling deletes its checkpoints; one cut off before its first checkpoint is offered "Start again" (not a
// resume that fails with an internal message) and starts from step 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withStudio, loadSmsSample } from './studio-helpers.mjs';
import { dumpOnFailure, openTrainStage, setField, waitFor, openAdvanced } from './train-helpers.mjs';

/** Quick on wasm over the whole SMS sample, batch 8: about 1,100 steps, long enough to pause or reload mid-run. */
async function configureLongRun(page) {
  await openAdvanced(page);
  await page.getByRole('radio', { name: /Quick/ }).check();
  await setField(page, 'hyperparameters.batchSize', '8');
  await page.getByTestId('field-hyperparameters.backend').locator('select').selectOption('wasm');
}

const step = async (page) => Number(await page.getByTestId('train-progress').getAttribute('data-step'));

test('an interrupted run tells what it resumes from, resumes from Resume, and a run without a checkpoint starts again', { timeout: 600_000 }, async () => {
  await withStudio(({ page, errors }) => dumpOnFailure(() => page, 'train-interrupted-truth', async () => {
    await loadSmsSample(page);
    await openTrainStage(page);
    await page.getByTestId('train-inputs-summary').waitFor({ timeout: 60_000 });
    await configureLongRun(page);
    await page.getByRole('button', { name: 'Start training' }).click();
    const view = page.getByTestId('run-view');
    const status = () => view.getAttribute('data-status');
    await waitFor(async () => (await step(page)) >= 1, 240_000, 'the first steps');
    const jobId = await view.getAttribute('data-job-id');

    // Paused: a checkpoint is written; then the tab is reloaded.
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await waitFor(async () => (await status()) === 'paused', 120_000, 'paused');
    const pausedAt = await step(page);
    await page.reload();
    await openTrainStage(page);
    await waitFor(async () => (await status()) === 'interrupted', 30_000, 'the run shown as interrupted');
    assert.equal(await view.getAttribute('data-job-id'), jobId);
    const cps = page.getByTestId('run-checkpoints');
    await waitFor(async () => (await cps.getAttribute('data-count')) === '1', 30_000, 'the stored checkpoint read');
    assert.match(await cps.innerText(), new RegExp(`^Checkpoints in this browser: 1 \\(step ${pausedAt}\\); newest at step ${pausedAt}(; best at step ${pausedAt})?; [\\d.]+ (kB|MB)\\.`));
    assert.equal(await page.getByTestId('train-eta').count(), 0, 'an ETA shown for a run that is not training');
    await page.getByTestId('train-stopped').waitFor();
    assert.match(await page.getByTestId('run-timing').innerText(), /^Interrupted after \d+ s of training/);

    // Resume next to Start continues the run shown; "Resuming…" goes once the worker has resumed.
    const resume = page.getByRole('button', { name: 'Resume', exact: true });
    assert.equal(await resume.isEnabled(), true);
    await resume.click();
    await waitFor(async () => /resumed at step \d+/.test(await page.getByTestId('train-progress').innerText()), 240_000, 'resumed');
    assert.match(await page.getByTestId('train-progress').innerText(), new RegExp(`resumed at step ${pausedAt}`));
    await waitFor(async () => (await page.getByTestId('run-message').count()) === 0, 30_000, '"Resuming…" to go');
    await page.getByTestId('train-eta').waitFor();

    // Cancel: the run stops and its checkpoints are deleted (Pause is the way to keep them).
    await page.getByRole('button', { name: 'Cancel' }).click();
    await waitFor(async () => (await status()) === 'cancelled', 120_000, 'cancelled');
    await waitFor(async () => /After the run: deleted \d+ checkpoints? \(/.test(await cps.innerText()), 30_000, 'the clean-up');
    assert.equal(await cps.getAttribute('data-count'), '0');

    // A run cut off before its first checkpoint: no checkpoint and no evaluation until far past its end.
    await openAdvanced(page);
    await page.getByLabel('Checkpoint strategy').selectOption('steps');
    await page.getByLabel('Checkpoint every N steps').fill('100000');
    await page.getByLabel('Evaluation strategy').selectOption('steps');
    await setField(page, 'hyperparameters.evaluation', '100000');
    await page.getByRole('button', { name: 'Start training' }).click();
    await waitFor(async () => (await view.getAttribute('data-job-id')) !== jobId, 30_000, 'the second run shown');
    const secondId = await view.getAttribute('data-job-id');
    await waitFor(async () => (await step(page)) >= 3, 240_000, 'the second run\'s first steps');
    await page.reload();
    await openTrainStage(page);
    const row = page.locator(`[data-testid="run-row"][data-job-id="${secondId}"]`);
    await waitFor(async () => (await row.getAttribute('data-status')) === 'interrupted', 30_000, 'the second run interrupted');
    await row.getByRole('button', { name: 'Start again' }).waitFor({ timeout: 30_000 });
    assert.equal(await row.getByRole('button', { name: 'Resume from last checkpoint' }).count(), 0);
    assert.match(await page.getByTestId('run-checkpoints').innerText(), /^No checkpoint in this browser\./);
    assert.equal(await page.getByRole('button', { name: 'Resume', exact: true }).isDisabled(), true);
    await row.getByRole('button', { name: 'Start again' }).click();
    await waitFor(async () => (await status()) === 'running' && (await step(page)) >= 1, 240_000, 'the run started again');
    assert.equal(await view.getAttribute('data-job-id'), secondId);
    assert.doesNotMatch(await page.getByTestId('train-progress').innerText(), /resumed at step/);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await waitFor(async () => (await status()) === 'cancelled', 120_000, 'cancelled');
    assert.doesNotMatch(await page.locator('body').innerText(), /NoCheckpoint/);
    assert.deepEqual(errors, []);
  }));
});
