// Labelling rows that have no label, with the keyboard (digits, arrows, Ctrl+Z), then the class counts
// and the downloaded CSV. Plus the class editor: rename, merge, delete.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { withStudio, importDataset } from './studio-helpers.mjs';

// 4 labelled rows, 6 without a label (rows 5–10).
const CSV = `text,label
I love this phone,pos
Terrible battery,neg
Great screen and fast,pos
Awful support,neg
Nice one,
Bad one,
Superb value,
Horrible noise,
Lovely colours,
Meh,
`;

test('label 5 rows with the keyboard (one undo), then counts and the downloaded CSV', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-label-'));
  const file = path.join(dir, 'reviews.csv');
  fs.writeFileSync(file, CSV);
  await withStudio(async ({ page, errors }) => {
    await importDataset(page, file, '10 rows');

    // cleaning drops the 6 unlabelled rows by default
    assert.equal(await page.getByTestId('check-count-missing-label').innerText(), '6');
    assert.match(await page.getByTestId('rows-remaining').innerText(), /^4 of 10 rows remain/);
    assert.equal(await page.getByTestId('unlabelled-count').innerText(), '6');

    await page.getByRole('button', { name: 'Label them' }).click();
    const view = page.getByTestId('labelling');
    const progress = view.getByTestId('labelling-progress');
    const text = view.getByTestId('labelling-text');
    assert.equal(await progress.innerText(), '0 of 6 labelled');
    assert.equal(await text.innerText(), 'Nice one');
    // classes in order: 1 = neg, 2 = pos
    assert.match(await view.getByRole('button', { name: /neg/ }).innerText(), /1\s*neg/);

    await page.keyboard.press('2'); // Nice one → pos
    await text.filter({ hasText: 'Bad one' }).waitFor();
    await page.keyboard.press('1'); // Bad one → neg
    await page.keyboard.press('2'); // Superb value → pos
    await page.keyboard.press('1'); // Horrible noise → neg
    await text.filter({ hasText: 'Lovely colours' }).waitFor();
    await page.keyboard.press('1'); // Lovely colours → neg (a mistake) …
    await text.filter({ hasText: 'Meh' }).waitFor();
    assert.equal(await progress.innerText(), '5 of 6 labelled');
    await page.keyboard.press('Control+z'); // … undone: back on Lovely colours, unlabelled
    await text.filter({ hasText: 'Lovely colours' }).waitFor();
    assert.equal(await progress.innerText(), '4 of 6 labelled');
    assert.equal(await view.getByTestId('labelling-current').innerText(), '—');
    await page.keyboard.press('2'); // Lovely colours → pos
    await text.filter({ hasText: 'Meh' }).waitFor();
    assert.equal(await progress.innerText(), '5 of 6 labelled');

    // arrows move without labelling
    await page.keyboard.press('ArrowLeft');
    await text.filter({ hasText: 'Lovely colours' }).waitFor();
    assert.equal(await view.getByTestId('labelling-current').innerText(), 'pos');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await view.getByTestId('labelling-current').innerText(), 'neg'); // Horrible noise
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await text.filter({ hasText: 'Meh' }).waitFor();
    assert.equal(await progress.innerText(), '5 of 6 labelled');

    // counts: pos 2 + 3, neg 2 + 2; "Meh" is still unlabelled and dropped
    // (the counts come from the dataset worker: wait for them)
    await page.getByTestId('class-count-pos').filter({ hasText: /^5$/ }).waitFor();
    assert.equal(await page.getByTestId('class-count-neg').innerText(), '4');
    assert.equal(await page.getByTestId('unlabelled-count').innerText(), '1');
    assert.match(await page.getByTestId('rows-remaining').innerText(), /^9 of 10 rows remain/);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download labelled CSV' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'reviews-labelled.csv');
    const parsed = Papa.parse(fs.readFileSync(await download.path(), 'utf8').trim(), { header: true });
    assert.deepEqual(parsed.meta.fields, ['text', 'label', 'split']);
    const byText = Object.fromEntries(parsed.data.map((r) => [r.text, r.label]));
    assert.deepEqual(byText, {
      'I love this phone': 'pos', 'Terrible battery': 'neg', 'Great screen and fast': 'pos', 'Awful support': 'neg',
      'Nice one': 'pos', 'Bad one': 'neg', 'Superb value': 'pos', 'Horrible noise': 'neg', 'Lovely colours': 'pos',
    });
    for (const r of parsed.data) assert.ok(['train', 'validation', 'test'].includes(r.split), `split of ${r.text}: ${r.split}`);

    // Undo with the button too, then Done closes the view
    await view.getByRole('button', { name: 'Undo' }).click();
    await text.filter({ hasText: 'Lovely colours' }).waitFor();
    assert.equal(await progress.innerText(), '4 of 6 labelled');
    await view.getByRole('button', { name: 'Done' }).click();
    await view.waitFor({ state: 'detached' });
    await page.getByTestId('unlabelled-count').filter({ hasText: /^2$/ }).waitFor();

    // the manual labels are saved: after a reload, 4 of them (the undone one is gone)
    await page.getByTestId('save-status').filter({ hasText: 'Saved in this browser' }).waitFor();
    await page.reload();
    await page.getByTestId('class-count-pos').filter({ hasText: /^4$/ }).waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('class-count-neg').innerText(), '4');
    assert.equal(await page.getByTestId('unlabelled-count').innerText(), '2');
    assert.deepEqual(errors, []);
  }, { cleanUp: () => fs.rmSync(dir, { recursive: true, force: true }) });
});

test('classes: rename, merge and delete change the counts', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-classes-'));
  const file = path.join(dir, 'topics.csv');
  fs.writeFileSync(file, 'text,topic\n' + [
    ['a match report', 'sport'], ['the cup final', 'sport'], ['goal of the season', 'sport'],
    ['new phone launch', 'tech'], ['chip shortage', 'tech'], ['a faster laptop', 'tech'],
    ['election results', 'politics'], ['budget vote', 'politics'], ['the gadget show', 'gadgets'],
    ['smart watch review', 'gadgets'],
  ].map((r) => r.join(',')).join('\n') + '\n');
  await withStudio(async ({ page, errors }) => {
    await importDataset(page, file, '10 rows');
    assert.equal(await page.getByTestId('mapping').getByLabel('Label column', { exact: true }).inputValue(), 'topic');
    const labels = page.getByTestId('labels');
    assert.equal(await labels.getByTestId('class-count-gadgets').innerText(), '2');

    // merge gadgets into tech
    await labels.getByLabel('Select gadgets').check();
    await labels.getByLabel('Select tech').check();
    await labels.getByLabel('Merged class name').fill('tech');
    await labels.getByRole('button', { name: 'Merge' }).click();
    await labels.getByTestId('class-count-tech').filter({ hasText: '5' }).waitFor();
    assert.equal(await labels.getByTestId('class-gadgets').count(), 0);

    // rename politics → news
    await labels.getByRole('button', { name: 'Rename class politics' }).click();
    await labels.getByLabel('New name for politics').fill('news');
    await labels.getByRole('button', { name: 'OK' }).click();
    await labels.getByTestId('class-count-news').filter({ hasText: '2' }).waitFor();

    // delete news: its 2 rows become unlabelled and are dropped by the missing-label rule
    await labels.getByRole('button', { name: 'Delete class news' }).click();
    await labels.getByTestId('unlabelled-count').filter({ hasText: '2' }).waitFor();
    assert.match(await page.getByTestId('rows-remaining').innerText(), /^8 of 10 rows remain/);
    assert.equal(await labels.getByRole('row').count(), 3); // header + sport + tech

    // the label edits are saved: the same classes after a reload
    await page.getByTestId('save-status').filter({ hasText: 'Saved in this browser' }).waitFor();
    await page.reload();
    await labels.getByTestId('class-count-tech').filter({ hasText: /^5$/ }).waitFor({ timeout: 30_000 });
    assert.equal(await labels.getByRole('row').count(), 3);
    assert.equal(await labels.getByTestId('unlabelled-count').innerText(), '2');

    await labels.getByRole('button', { name: 'Undo all label edits' }).click();
    await labels.getByTestId('class-count-politics').filter({ hasText: '2' }).waitFor();
    assert.equal(await labels.getByRole('row').count(), 5);
    assert.deepEqual(errors, []);
  }, { cleanUp: () => fs.rmSync(dir, { recursive: true, force: true }) });
});
