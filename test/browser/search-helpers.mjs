// Helpers for the search-* browser tests (not a test file itself).
import { openTrainStage, setField, openAdvanced } from './train-helpers.mjs';

/** The base job every trial starts from: Quick, short texts, an evaluation and a checkpoint every 10 steps, wasm. */
export async function setBaseJob(page) {
  await openAdvanced(page);
  await page.getByRole('radio', { name: /Quick/ }).check();
  await setField(page, 'hyperparameters.maxSequenceLength', '32');
  await setField(page, 'hyperparameters.batchSize', '8');
  await page.getByLabel('Evaluation strategy').selectOption('steps');
  await setField(page, 'hyperparameters.evaluation', '10');
  await page.getByLabel('Checkpoint strategy').selectOption('steps');
  await page.getByLabel('Checkpoint every N steps').fill('10');
  await page.getByTestId('field-hyperparameters.backend').locator('select').selectOption('wasm');
  await page.getByLabel('Max train examples').fill('800');
  await page.getByLabel('Max validation / test examples').fill('64');
}

export async function openSearch(page) {
  await openTrainStage(page);
  await page.getByTestId('train-inputs-summary').waitFor({ timeout: 60_000 });
  await page.getByRole('radio', { name: /Search/ }).check();
  await page.getByTestId('search-form').waitFor();
}

/** The trials table's rows, or those in one state. */
export const trialRows = (page, state) => page.locator(`[data-testid="trial-row"]${state ? `[data-state="${state}"]` : ''}`);

/** The Model stage with nothing chosen: the bundled offline model (the GloVe CNN, glove-cnn). */
export async function useBundledModel(page) {
  await page.getByRole('tab', { name: /Model/ }).click();
  await page.locator('[data-testid="model-summary"][data-model-type="glove-cnn"]').waitFor({ timeout: 60_000 });
}
