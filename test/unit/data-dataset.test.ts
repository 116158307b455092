import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { buildTrainingData, createDatasetRecord, labelledDatasetCsv, prepareDataset, type DatasetRecord } from '../../src/core/data/dataset';
import { neutraliseFormula, writeCsv } from '../../src/core/data/csv';
import { DEFAULT_CLEANING } from '../../src/core/data/clean';
import { SPLIT_CODE } from '../../src/core/data/types';
import { parseFixture, parseSms, table } from './data-fixtures';

function smsRecord(): DatasetRecord {
  return createDatasetRecord(parseSms(), { id: 'sms', now: 1000 });
}

describe('dataset record → TrainingData', () => {
  it('sms_spam.csv with defaults: suggested mapping, 80/10/10 stratified, every row once', () => {
    const rec = smsRecord();
    expect(rec).toMatchObject({ id: 'sms', name: 'sms_spam.csv', createdAt: 1000, updatedAt: 1000 });
    expect(rec.mapping).toEqual({ textColumn: 'text', labelColumn: 'label', labelKind: 'single' });
    const d = buildTrainingData(rec);
    expect(d.labelKind).toBe('single');
    expect(d.labelNames).toEqual(['ham', 'spam']);
    expect(d.texts.length).toBe(5574);
    expect(d.labels.length).toBe(5574);
    expect(d.rowNumbers[0]).toBe(1);
    expect(d.rowNumbers[5573]).toBe(5574);
    const count = (code: number, label?: number) => d.split.reduce((a, c, i) => a + (c === code && (label === undefined || d.labels[i] === label) ? 1 : 0), 0);
    // The first copies of each text are split per class — 4518 distinct ham texts: val = test = round(451.8)
    // = 452; 653 spam: round(65.3) = 65 — and the 403 later copies follow their first copy's split.
    const firsts = d.texts.map((t, i) => d.texts.indexOf(t) === i);
    const firstCount = (code: number, label: number) => d.split.reduce((a, c, i) => a + (firsts[i] && c === code && d.labels[i] === label ? 1 : 0), 0);
    expect([firstCount(0, 0), firstCount(1, 0), firstCount(2, 0)]).toEqual([3614, 452, 452]);
    expect([firstCount(0, 1), firstCount(1, 1), firstCount(2, 1)]).toEqual([523, 65, 65]);
    expect([count(0, 0), count(1, 0), count(2, 0)]).toEqual([3832, 519, 476]);
    expect([count(0, 1), count(1, 1), count(2, 1)]).toEqual([597, 75, 75]);
    d.texts.forEach((t, i) => expect(d.split[i]).toBe(d.split[d.texts.indexOf(t)]));
    expect(d.texts[0]).toMatch(/^Go until jurong point/);
    expect(d.labels[2]).toBe(1); // row 3 is spam
  });

  it('dropping duplicates removes the 403 later occurrences from training', () => {
    const rec = { ...smsRecord(), cleaning: { ...DEFAULT_CLEANING, drop: { ...DEFAULT_CLEANING.drop, duplicate: true } } };
    const d = buildTrainingData(rec);
    expect(d.texts.length).toBe(5171);
    expect(new Set(d.texts).size).toBe(5171);
  });

  it('label edits and manual labels reach TrainingData; unlabelled rows are in no split', () => {
    const t = table(['text', 'label'], Array.from({ length: 40 }, (_, i) => [`text ${i}`, ['pos', 'neg', 'Pos', ''][i % 4]]));
    const rec: DatasetRecord = {
      ...createDatasetRecord(t, { id: 'x' }),
      mapping: { textColumn: 'text', labelColumn: 'label', labelKind: 'single' },
      labelEdits: { renames: { Pos: 'pos' }, deleted: [] },
      manualLabels: { 3: 'neg' },
      cleaning: { ...DEFAULT_CLEANING, drop: { ...DEFAULT_CLEANING.drop, 'missing-label': false } },
    };
    const prep = prepareDataset(rec);
    expect(prep.warnings).toContain('9 kept row(s) have no label: they cannot be trained on and are left out of the splits.');
    expect(prep.splitCodes[7]).toBe(SPLIT_CODE.excluded);
    const d = buildTrainingData(rec);
    expect(d.labelNames).toEqual(['neg', 'pos']);
    expect(d.texts.length).toBe(31);
    expect(d.rowNumbers[3]).toBe(4);
    expect(d.labels[3]).toBe(0); // manual 'neg'
    expect(d.labels[2]).toBe(1); // 'Pos' renamed to 'pos'
  });

  it('multi-label → multi-hot rows; regression → values; split column respected', () => {
    const multi = createDatasetRecord(parseFixture('multi-label.csv'), { id: 'm' });
    multi.split = { mode: 'ratio', ratios: { train: 1, validation: 0, test: 0 }, seed: 1, stratify: true };
    const m = buildTrainingData(multi);
    expect(m.labelNames).toEqual(['design', 'price', 'speed']);
    expect(Array.from(m.labels.subarray(0, 6))).toEqual([0, 1, 1, 0, 0, 1]);
    const reg = createDatasetRecord(parseFixture('regression.csv'), { id: 'r' });
    const r = buildTrainingData(reg);
    expect(r.labelKind).toBe('regression');
    expect(r.texts.length).toBe(10); // 'n/a' row has no label
    expect(r.labels[0]).toBeCloseTo(4.5);
    expect(prepareDataset(reg).warnings.some((w) => w.includes('Row 11, column "score": "n/a" is not a number'))).toBe(true);
    const tsv = createDatasetRecord(parseFixture('tabs.tsv'), { id: 't' });
    expect(tsv.split).toEqual({ mode: 'column', column: 'split' });
    expect(Array.from(buildTrainingData(tsv).split)).toEqual([0, 0, 1, 2]);
  });

  it('clear errors: no mapping, one class only', () => {
    const t = table(['text', 'label'], [['a', 'x'], ['b', 'x']]);
    const rec = createDatasetRecord(t, { id: 'e' });
    expect(() => buildTrainingData({ ...rec, mapping: null })).toThrow('Choose the text and label columns of crafted.csv first.');
    expect(() => buildTrainingData({ ...rec, mapping: { textColumn: 'text', labelColumn: 'label', labelKind: 'single' } }))
      .toThrow('A classifier needs at least two classes; the kept rows have 1 (x).');
  });
});

describe('CSV export', () => {
  it('neutralises formula cells on request, and round-trips through papaparse', () => {
    expect(['=1+1', '+a', '-2+3', '@x', '\tq', '\rq', 'ok', ''].map(neutraliseFormula))
      .toEqual(["'=1+1", "'+a", "'-2+3", "'@x", "'\tq", "'\rq", 'ok', '']);
    // Plain numbers are numbers, not formulas: a regression score or a negative value stays as written.
    expect(['-5.844', '+1', '-1e-5', '-.5', '-2.', '3'].map(neutraliseFormula)).toEqual(['-5.844', '+1', '-1e-5', '-.5', '-2.', '3']);
    expect(['-', '-0x1', '-1 ', '+1\n=2'].map(neutraliseFormula)).toEqual(["'-", "'-0x1", "'-1 ", "'+1\n=2"]);
    const rec = createDatasetRecord(parseFixture('formula.csv'), { id: 'f' });
    rec.split = { mode: 'ratio', ratios: { train: 1, validation: 0, test: 0 }, seed: 1, stratify: true };
    const safe = Papa.parse<string[]>(labelledDatasetCsv(rec, { neutraliseFormulas: true })).data;
    expect(safe[0]).toEqual(['text', 'label', 'split']);
    expect(safe.slice(1).map((r) => r[0])).toEqual(["'=HYPERLINK(\"http://x\")", "'+cmd", "'-2+3", "'@SUM(A1)", 'plain']);
    const raw = Papa.parse<string[]>(labelledDatasetCsv(rec)).data;
    expect(raw[1]).toEqual(['=HYPERLINK("http://x")', 'spam', 'train']);
    expect(writeCsv(['a'], [['=x\ny']], { neutraliseFormulas: true })).toBe('a\r\n"\'=x\ny"');
  });

  it('exports edited labels and the split of each kept row', () => {
    const rec = smsRecord();
    rec.labelEdits = { renames: { spam: 'junk' }, deleted: [] };
    const rows = Papa.parse<string[]>(labelledDatasetCsv(rec), { skipEmptyLines: true }).data;
    expect(rows.length).toBe(5575);
    expect(rows[3]).toEqual([parseSms().rows[2][0], 'junk', expect.stringMatching(/^(train|validation|test)$/)]);
  });
});
