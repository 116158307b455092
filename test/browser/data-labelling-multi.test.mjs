// Labelling a multi-label dataset by hand: keys 1–9 toggle classes on a row, Enter moves on, Ctrl+Z undoes
// the last toggle; a class name with the separator is refused (new or renamed). Then the class counts (a row
// counts once per class) and the downloaded CSV, whose typed label cells read like the file's ("politics|tech").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { withStudio, importDataset } from './studio-helpers.mjs';

// 5 labelled rows (2 with two classes), 5 without a label (rows 6–10).
const CSV = `text,tags
Cup final tonight,sports
Election results are in,politics
New phone launch,tech
Minister opens the stadium,sports|politics
Tax on gadgets,politics|tech
Team wins the league,
Vote on the chip subsidy,
Weather is mild,
President attends the match,
Streaming app for football,
`;

test('multi-label: toggle several classes per row with keys (one undo, one row left without), counts and CSV', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-label-multi-'));
  const file = path.join(dir, 'news.csv');
  fs.writeFileSync(file, CSV);
  await withStudio(async ({ page, errors }) => {
    await importDataset(page, file, '10 rows');
    const mapping = page.getByTestId('mapping');
    await mapping.getByLabel('Label kind').selectOption('multi');
    assert.equal(await mapping.getByLabel('Label kind').inputValue(), 'multi');
    assert.equal(await mapping.getByLabel('Label separator').inputValue(), '|');
    // the file's cells split: politics 3, sports 2, tech 2; the 5 unlabelled rows are dropped by cleaning
    await page.getByTestId('class-count-politics').filter({ hasText: /^3$/ }).waitFor();
    assert.equal(await page.getByTestId('class-count-sports').innerText(), '2');
    assert.equal(await page.getByTestId('class-count-tech').innerText(), '2');
    assert.equal(await page.getByTestId('unlabelled-count').innerText(), '5');
    assert.match(await page.getByTestId('rows-remaining').innerText(), /^5 of 10 rows remain/);

    // renaming a class to a name with the separator is refused too: the cells would read as two classes
    const labels = page.getByTestId('labels');
    await labels.getByRole('button', { name: 'Rename class tech' }).click();
    await labels.getByLabel('New name for tech').fill('tech|science');
    await labels.getByRole('button', { name: 'OK' }).click();
    assert.match(await labels.getByTestId('class-name-error').innerText(), /"tech\|science" contains the label separator "\|"/);
    assert.equal(await labels.getByTestId('label-edits').count(), 0);
    await labels.getByLabel('New name for tech').fill('tech');
    await labels.getByRole('button', { name: 'OK' }).click();
    await labels.getByTestId('class-name-error').waitFor({ state: 'detached' });
    assert.equal(await labels.getByTestId('class-count-tech').innerText(), '2');

    await page.getByRole('button', { name: 'Label them' }).click();
    const view = page.getByTestId('labelling');
    const progress = view.getByTestId('labelling-progress');
    const text = view.getByTestId('labelling-text');
    const current = view.getByTestId('labelling-current');
    const pressed = (name) => view.getByRole('button', { name: new RegExp(`^\\d\\s*${name}$`) }).getAttribute('aria-pressed');
    assert.equal(await progress.innerText(), '0 of 5 labelled');
    assert.equal(await text.innerText(), 'Team wins the league');
    // classes in order: 1 = politics, 2 = sports, 3 = tech; none pressed yet
    assert.match(await view.getByRole('button', { name: /sports/ }).innerText(), /2\s*sports/);
    assert.deepEqual([await pressed('politics'), await pressed('sports'), await pressed('tech')], ['false', 'false', 'false']);

    await page.keyboard.press('2'); // Team wins the league: sports; the row stays until Enter
    await current.filter({ hasText: /^sports$/ }).waitFor();
    assert.equal(await text.innerText(), 'Team wins the league');
    assert.equal(await pressed('sports'), 'true');
    assert.equal(await progress.innerText(), '1 of 5 labelled');
    await page.keyboard.press('Enter');
    await text.filter({ hasText: 'Vote on the chip subsidy' }).waitFor();
    assert.equal(await current.innerText(), '—');

    await page.keyboard.press('1'); // politics
    await page.keyboard.press('2'); // sports (a mistake) …
    await current.filter({ hasText: /^politics\|sports$/ }).waitFor();
    await page.keyboard.press('Control+z'); // … undone: only politics
    await current.filter({ hasText: /^politics$/ }).waitFor();
    assert.equal(await pressed('sports'), 'false');
    await page.keyboard.press('3'); // tech
    await current.filter({ hasText: /^politics\|tech$/ }).waitFor();
    assert.deepEqual([await pressed('politics'), await pressed('sports'), await pressed('tech')], ['true', 'false', 'true']);
    assert.equal(await progress.innerText(), '2 of 5 labelled');
    await page.keyboard.press('Enter');
    await text.filter({ hasText: 'Weather is mild' }).waitFor();

    await page.keyboard.press('1'); // on and off again: the row has no class, so no label
    await page.keyboard.press('1');
    await current.filter({ hasText: '—' }).waitFor();
    assert.equal(await progress.innerText(), '2 of 5 labelled');
    await page.keyboard.press('Enter');
    await text.filter({ hasText: 'President attends the match' }).waitFor();

    await page.keyboard.press('2'); // sports, then politics: stored in the order shown
    await page.keyboard.press('1');
    await current.filter({ hasText: /^politics\|sports$/ }).waitFor();
    await page.keyboard.press('ArrowRight');
    await text.filter({ hasText: 'Streaming app for football' }).waitFor();

    // a class name with the separator could not be stored: refused, with the reason
    await view.getByLabel('New class name').fill('sports|tech');
    await view.getByRole('button', { name: 'Add class' }).click();
    assert.match(await view.getByRole('alert').innerText(), /"sports\|tech" contains the label separator "\|"/);
    assert.equal(await view.getByRole('button', { name: /^\d\s*sports\|tech$/ }).count(), 0);
    await view.getByLabel('New class name').fill('media');
    await view.getByRole('button', { name: 'Add class' }).click();
    await view.getByRole('button', { name: /^4\s*media$/ }).waitFor();
    assert.equal(await view.getByRole('alert').count(), 0);
    await text.click(); // out of the name field, so the keys label again
    await page.keyboard.press('4'); // media …
    await current.filter({ hasText: /^media$/ }).waitFor();
    await view.getByRole('button', { name: /^2\s*sports$/ }).click(); // … and sports, with the button
    await current.filter({ hasText: /^sports\|media$/ }).waitFor();
    assert.equal(await progress.innerText(), '4 of 5 labelled');

    // counts, multi-label: a row counts once per class. File politics 3, sports 2, tech 2;
    // typed: sports (Team, President, Streaming), politics (Vote, President), tech (Vote), media (Streaming).
    // (The counts come from the dataset worker: wait for them.)
    await page.getByTestId('class-count-sports').filter({ hasText: /^5$/ }).waitFor();
    assert.equal(await page.getByTestId('class-count-media').innerText(), '1');
    assert.equal(await page.getByTestId('class-count-politics').innerText(), '5');
    assert.equal(await page.getByTestId('class-count-tech').innerText(), '3');
    assert.equal(await page.getByTestId('unlabelled-count').innerText(), '1');
    assert.match(await page.getByTestId('rows-remaining').innerText(), /^9 of 10 rows remain/);

    // media is now a known class (first in the sorted class list), yet keeps key 4: off and on again
    assert.match(await view.getByRole('button', { name: /media/ }).innerText(), /4\s*media/);
    await page.keyboard.press('4');
    await current.filter({ hasText: /^sports$/ }).waitFor();
    await page.keyboard.press('4');
    await current.filter({ hasText: /^sports\|media$/ }).waitFor();
    assert.deepEqual([await pressed('politics'), await pressed('sports'), await pressed('tech'), await pressed('media')],
      ['false', 'true', 'false', 'true']);
    assert.equal(await progress.innerText(), '4 of 5 labelled');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download labelled CSV' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'news-labelled.csv');
    const parsed = Papa.parse(fs.readFileSync(await download.path(), 'utf8').trim(), { header: true });
    assert.deepEqual(parsed.meta.fields, ['text', 'tags', 'split']);
    const byText = Object.fromEntries(parsed.data.map((r) => [r.text, r.tags]));
    assert.deepEqual(byText, {
      'Cup final tonight': 'sports', 'Election results are in': 'politics', 'New phone launch': 'tech',
      'Minister opens the stadium': 'sports|politics', 'Tax on gadgets': 'politics|tech',
      'Team wins the league': 'sports', 'Vote on the chip subsidy': 'politics|tech',
      'President attends the match': 'politics|sports', 'Streaming app for football': 'sports|media',
    });
    for (const r of parsed.data) assert.ok(['train', 'validation', 'test'].includes(r.split), `split of ${r.text}: ${r.split}`);
    assert.deepEqual(errors, []);
  }, { cleanUp: () => fs.rmSync(dir, { recursive: true, force: true }) });
});
