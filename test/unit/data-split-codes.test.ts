// The split codes carry a row's split from the data core to the trainer: a split column read by the data
// stage must reach the trainer's splits, the labelled CSV, the quick-trial sample and the counts the JobSpec
// records, row for row — and a row that is dropped must reach none of them. (Replaces a test that only
// checked the codes were distinct.)
import { describe, expect, it } from 'vitest';
import { buildTrainingData, createDatasetRecord, labelledDatasetCsv, splitCounts } from '../../src/core/data/dataset';
import { splitRows } from '../../src/core/train/data';
import { limitSplits } from '../../src/core/train/splitLimits';
import { table } from './data-fixtures';

const rows = [
  ['good film', 'pos', 'train'], ['bad film', 'neg', 'Validation'], ['fine film', 'pos', 'test'],
  ['awful film', 'neg', 'dev'], ['no label here', '', 'train'], ['great film', 'pos', 'TRAINING'],
  ['poor film', 'neg', 'holdout'], ['nice film', 'pos', 'train'], ['dull film', 'neg', 'train'],
];

function data() {
  const record = createDatasetRecord(table(['text', 'label', 'split'], rows), { id: 'd', now: 0 });
  record.mapping = { textColumn: 'text', labelColumn: 'label', labelKind: 'single', splitColumn: 'split' };
  record.split = { mode: 'column', column: 'split' };
  return { record, data: buildTrainingData(record) };
}

describe('split codes from the data core to the trainer', () => {
  it('every row reaches the split its column names; an unlabelled row reaches none', () => {
    const { data: d } = data();
    const textsOf = (r: Int32Array) => Array.from(r, (i) => d.texts[i]);
    const s = splitRows(d);
    expect(textsOf(s.train)).toEqual(['good film', 'great film', 'nice film', 'dull film']);
    expect(textsOf(s.validation)).toEqual(['bad film', 'awful film']);
    expect(textsOf(s.test)).toEqual(['fine film', 'poor film']);
    expect(d.texts).not.toContain('no label here');
    expect(splitCounts(d)).toEqual({ train: 4, validation: 2, test: 2 });
  });

  it('the labelled CSV and a quick-trial sample keep each row in its split', () => {
    const { record, data: d } = data();
    const csv = labelledDatasetCsv(record).trim().split(/\r?\n/);
    expect(csv).toContain('bad film,neg,validation');
    expect(csv).toContain('poor film,neg,test');
    expect(csv.some((l) => l.startsWith('no label here'))).toBe(false);
    const sample = limitSplits(d, { train: 2, evaluation: 1 }, 7);
    expect(splitCounts(sample)).toEqual({ train: 2, validation: 1, test: 1 });
    const s = splitRows(sample);
    expect(Array.from(s.validation, (i) => sample.texts[i])).toEqual([expect.stringMatching(/^(bad|awful) film$/)]);
    expect(Array.from(s.test, (i) => sample.texts[i])).toEqual([expect.stringMatching(/^(fine|poor) film$/)]);
  });
});
