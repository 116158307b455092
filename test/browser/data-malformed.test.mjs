// Malformed files through the real file input: each one shows its message (naming the row where there
// is one), nothing crashes, and the page stays usable afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { root } from './harness.mjs';
import { withStudio } from './studio-helpers.mjs';

const fixture = (name) => path.join(root, 'test/fixtures/data', name);

// Files the studio refuses: the reason is shown, no dataset is made.
const REFUSED = [
  ['empty.csv', /empty\.csv is empty/],
  ['whitespace-only.csv', /whitespace-only\.csv is empty/],
  ['header-only.csv', /header-only\.csv: no data rows found \(only a header\)/],
  ['binary.bin', /binary\.bin is not a text file/],
];

// Files the studio reads with problems: the problems are listed (with rows), the dataset opens.
const ACCEPTED = [
  ['unclosed-quote.csv', 'unclosed-quote', [/Row 2: a quoted field opens with " but is never closed/]],
  ['ragged.csv', 'ragged', [/Row 2 has 1 field, the header has 2/, /Row 3 has 3 fields, the header has 2/]],
  ['latin1.csv', 'latin1', [/read as Windows-1252/]],
  ['invalid-utf8.csv', 'invalid-utf8', [/Row 2, column text: bytes that are not valid UTF-8/]],
  ['one-column.csv', 'one-column', [/Only one column \("text"\)/, /An empty "label" column was added/]],
];

// Files the studio reads without a problem to report.
const CLEAN = [
  // Valid UTF-8 holding a literal U+FFFD (a scraped page): text, not "not valid UTF-8" nor Windows-1252.
  ['literal-replacement-char.csv', 'literal-replacement-char', ['Café is open', 'scraped \uFFFD page from the web']],
];

test('malformed files: each shows its message and the page stays usable', async () => {
  await withStudio(async ({ page, errors }) => {
    const input = page.getByLabel('Dataset file (CSV or TSV)');

    for (const [file, message] of REFUSED) {
      await input.setInputFiles(fixture(file));
      await page.getByTestId('import-error').filter({ hasText: message }).waitFor({ timeout: 15_000 });
      assert.equal(await page.getByTestId('dataset-workspace').count(), 0, `${file}: no dataset opened`);
    }
    assert.equal(await page.getByTestId('dataset-list').count(), 0);

    for (const [file, name, messages] of ACCEPTED) {
      await input.setInputFiles(fixture(file));
      await page.getByTestId('dataset-workspace').getByRole('heading', { name, exact: true }).waitFor({ timeout: 15_000 });
      const issues = await page.getByTestId('dataset-workspace').getByTestId('parse-issues').innerText();
      for (const m of messages) assert.match(issues, m, `${file}`);
      assert.equal(await page.getByTestId('import-error').count(), 0);
    }

    for (const [file, name, texts] of CLEAN) {
      await input.setInputFiles(fixture(file));
      await page.getByTestId('dataset-workspace').getByRole('heading', { name, exact: true }).waitFor({ timeout: 15_000 });
      for (const t of texts) await page.getByTestId('preview-table').getByText(t, { exact: true }).waitFor();
      assert.equal(await page.getByTestId('parse-issues').count(), 0, `${file}: no parse issues`);
    }

    // ragged rows are a cleaning check too; latin-1 text reads right
    const list = page.getByTestId('dataset-list');
    await list.getByRole('button', { name: 'ragged', exact: true }).click();
    await page.getByTestId('check-count-wrong-field-count').filter({ hasText: /^2$/ }).waitFor();
    await list.getByRole('button', { name: 'latin1', exact: true }).click();
    await page.getByTestId('preview-table').getByText('Café is open').waitFor();
    assert.match(await page.getByTestId('row-count').innerText(), /^3 rows$/);

    // one column → label by hand: add two classes, label all three rows
    await list.getByRole('button', { name: 'one-column', exact: true }).click();
    await page.getByRole('button', { name: 'Label them' }).click();
    const view = page.getByTestId('labelling');
    for (const c of ['greeting', 'other']) {
      await view.getByLabel('New class name').fill(c);
      await view.getByRole('button', { name: 'Add class' }).click();
    }
    await view.getByTestId('labelling-text').filter({ hasText: 'hello world' }).waitFor();
    await view.getByRole('button', { name: 'Next →' }).focus();
    for (const key of ['1', '2', '2']) await page.keyboard.press(key);
    await view.getByTestId('labelling-progress').filter({ hasText: '3 of 3 labelled' }).waitFor();
    await page.getByTestId('class-count-greeting').filter({ hasText: /^1$/ }).waitFor();
    assert.equal(await page.getByTestId('class-count-other').innerText(), '2');

    // still usable: the sample loads
    await page.getByRole('button', { name: /Try a sample dataset/ }).click();
    await page.getByTestId('row-count').filter({ hasText: '5,574 rows' }).waitFor({ timeout: 30_000 });
    assert.deepEqual(errors, []);
  });
});
