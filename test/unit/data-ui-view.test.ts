// The view the dataset worker computes (the data stage's pure part).
import { describe, expect, it } from 'vitest';
import { datasetView, tableFacts, type DatasetChoices } from '../../src/worker/datasetView';
import { DEFAULT_CLEANING } from '../../src/core/data/clean';
import { NO_LABEL_EDITS } from '../../src/core/data/labels';
import { DEFAULT_SPLIT } from '../../src/core/data/split';
import { SPLIT_CODE } from '../../src/core/data/types';
import { parseSms, table } from './data-fixtures';

describe('datasetView (what the dataset worker answers)', () => {
  const sms = parseSms();
  const facts = tableFacts(sms);
  const choices = (drop: Partial<typeof DEFAULT_CLEANING.drop> = {}): DatasetChoices => ({
    name: 'sms', mapping: facts.suggestion.ok ? facts.suggestion.value.mapping : null,
    cleaning: { ...DEFAULT_CLEANING, drop: { ...DEFAULT_CLEANING.drop, ...drop } },
    labelEdits: NO_LABEL_EDITS, manualLabels: {}, split: DEFAULT_SPLIT,
  });

  it('suggests text/label and profiles the SMS file', () => {
    expect(facts.suggestion.ok && facts.suggestion.value.mapping).toEqual({ textColumn: 'text', labelColumn: 'label', labelKind: 'single' });
    const label = facts.profiles.ok ? facts.profiles.value.find((p) => p.name === 'label') : undefined;
    expect(label).toMatchObject({ type: 'category', distinct: 2, empty: 0 });
  });

  it('duplicates dropped: 403 rows listed, 5,171 kept, 80/10/10 stratified per class', () => {
    const v = datasetView(sms, facts, choices({ duplicate: true }));
    if (!v.prepared?.ok) throw new Error(v.prepared ? v.prepared.error : 'no mapping');
    const p = v.prepared.value;
    const dup = p.findings.find((f) => f.rule === 'duplicate')!;
    expect(dup.rows).toBeInstanceOf(Int32Array);
    expect(dup.rows.length).toBe(403);
    expect(dup.drop).toBe(true);
    expect(p.kept).toBe(5171);
    expect(p.classes).toEqual([{ label: 'ham', count: 4518 }, { label: 'spam', count: 653 }]);
    expect(p.unlabelled.length).toBe(0);
    expect(p.summary.counts).toEqual({ train: 4137, validation: 517, test: 517 });
    // every dropped duplicate is excluded from the split
    for (const r of dup.rows) expect(p.splitCodes[r - 1]).toBe(SPLIT_CODE.excluded);
  });

  it('lists unlabelled rows (0-based) and names a mapping to a missing column', () => {
    const t = table(['text', 'label'], [['a', 'x'], ['b', ''], ['c', 'y'], ['d', '']]);
    const f = tableFacts(t);
    const v = datasetView(t, f, { ...choices(), mapping: { textColumn: 'text', labelColumn: 'label', labelKind: 'single' } });
    expect(v.prepared?.ok && Array.from(v.prepared.value.unlabelled)).toEqual([1, 3]);
    const bad = datasetView(t, f, { ...choices(), mapping: { textColumn: 'nope', labelColumn: 'label', labelKind: 'single' } });
    expect(bad.prepared?.ok).toBe(false);
    expect(!bad.prepared?.ok && bad.prepared?.error).toMatch(/nope/);
    expect(datasetView(t, f, { ...choices(), mapping: null }).prepared).toBeNull();
  });
});
