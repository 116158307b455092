import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { cleaningReport, cleaningReportCsv, DEFAULT_CLEANING, type CleaningOptions } from '../../src/core/data/clean';
import { resolveLabels } from '../../src/core/data/labels';
import type { ColumnMapping } from '../../src/core/data/types';
import { parseSms, table } from './data-fixtures';

const mapping: ColumnMapping = { textColumn: 'text', labelColumn: 'label', labelKind: 'single' };

// rows 1..9 (1-based)
const crafted = table(['text', 'label'], [
  ['hello', 'a'], //           1
  ['   ', 'a'], //             2 empty text
  ['hello', 'a'], //           3 duplicate of 1 (same label)
  ['world', ''], //            4 missing label
  ['world', 'b'], //           5 duplicate of 4
  ['x'.repeat(30), 'b'], //    6 too long at maxChars 20
  ['clash', 'a'], //           7 conflicting group
  ['clash', 'b'], //           8 duplicate + conflicting
  ['ragged', 'a'], //          9 wrong field count
], { raggedRows: [9] });

function finding(r: ReturnType<typeof cleaningReport>, rule: string) {
  const f = r.findings.find((x) => x.rule === rule);
  if (!f) throw new Error(rule);
  return { count: f.count, rows: f.rows, drop: f.drop };
}

describe('cleaning report', () => {
  it('counts and lists rows for every rule before dropping anything', () => {
    const r = cleaningReport(crafted, mapping, { ...DEFAULT_CLEANING, maxChars: 20 });
    expect(finding(r, 'empty-text')).toEqual({ count: 1, rows: [2], drop: true });
    expect(finding(r, 'missing-label')).toEqual({ count: 1, rows: [4], drop: true });
    expect(finding(r, 'duplicate')).toEqual({ count: 3, rows: [3, 5, 8], drop: false });
    expect(finding(r, 'conflicting-duplicate')).toEqual({ count: 2, rows: [7, 8], drop: false });
    expect(finding(r, 'too-long')).toEqual({ count: 1, rows: [6], drop: false });
    expect(finding(r, 'wrong-field-count')).toEqual({ count: 1, rows: [9], drop: false });
    // The over-long rule says its limit and what happens to such rows when they are kept.
    const tooLong = r.findings.find((f) => f.rule === 'too-long')!;
    expect(tooLong.title).toBe('Over-long text (over 20 characters)');
    expect(tooLong.description).toMatch(/longer than 20 characters\. Kept unless ticked: .*max sequence length in tokens/);
    expect(cleaningReport(crafted, mapping).findings.find((f) => f.rule === 'too-long')!.title).toBe('Over-long text (over 2,000 characters)');
    // defaults drop only empty text and missing label
    expect(Array.from(r.keep)).toEqual([1, 0, 1, 0, 1, 1, 1, 1, 1]);
    expect(r).toMatchObject({ total: 9, kept: 7, dropped: 2 });
  });

  it('drops what the chosen rules say, and nothing else', () => {
    const opts: CleaningOptions = {
      maxChars: 20,
      drop: { 'empty-text': false, 'missing-label': false, duplicate: true, 'conflicting-duplicate': true, 'too-long': true, 'wrong-field-count': true },
    };
    const r = cleaningReport(crafted, mapping, opts);
    expect(Array.from(r.keep)).toEqual([1, 1, 0, 1, 0, 0, 0, 0, 0]);
    expect(r.kept).toBe(3);
  });

  it('uses resolved labels: a manual label fills a missing one, a deleted class empties it', () => {
    const labels = resolveLabels(crafted, mapping, { renames: {}, deleted: ['b'] }, { 3: 'a' });
    const r = cleaningReport(crafted, mapping, DEFAULT_CLEANING, labels);
    // row 4 labelled by hand; rows 5, 6, 8 had class b (deleted)
    expect(finding(r, 'missing-label').rows).toEqual([5, 6, 8]);
    expect(finding(r, 'conflicting-duplicate').rows).toEqual([]);
  });

  it('sms_spam.csv: 403 duplicate texts (later occurrences), and its conflicting duplicates', () => {
    const t = parseSms();
    const r = cleaningReport(t, mapping);
    const dup = finding(r, 'duplicate');
    expect(dup.count).toBe(403);
    expect(dup.rows.length).toBe(403);
    // every listed row's text occurs in an earlier row
    const firstSeen = new Map<string, number>();
    t.rows.forEach((row, i) => { if (!firstSeen.has(row[0])) firstSeen.set(row[0], i + 1); });
    expect(dup.rows.every((row) => (firstSeen.get(t.rows[row - 1][0]) as number) < row)).toBe(true);
    expect(finding(r, 'empty-text').count).toBe(0);
    expect(finding(r, 'missing-label').count).toBe(0);
    expect(finding(r, 'too-long').count).toBe(0);
    expect(finding(r, 'conflicting-duplicate').count).toBe(0);
    expect(r.kept).toBe(5574);
    const dropDup = cleaningReport(t, mapping, { ...DEFAULT_CLEANING, drop: { ...DEFAULT_CLEANING.drop, duplicate: true } });
    expect(dropDup.kept).toBe(5574 - 403);
  });

  it('exports the report as CSV, one line per rule and row', () => {
    const csv = cleaningReportCsv(cleaningReport(crafted, mapping, { ...DEFAULT_CLEANING, maxChars: 20 }));
    const parsed = Papa.parse<string[]>(csv.trim()).data;
    expect(parsed[0]).toEqual(['rule', 'title', 'row', 'dropped']);
    expect(parsed.length).toBe(1 + 1 + 1 + 3 + 2 + 1 + 1);
    expect(parsed[1]).toEqual(['empty-text', 'Empty text', '2', 'yes']);
    expect(parsed).toContainEqual(['duplicate', 'Duplicate text', '8', 'no']);
  });

  it('names the missing text column', () => {
    expect(() => cleaningReport(crafted, { ...mapping, textColumn: 'body' })).toThrow('The text column "body" is not in crafted.csv (columns: text, label).');
  });
});
