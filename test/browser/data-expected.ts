/**
 * Computes, with the data core, the numbers the data-stage browser tests expect the UI to show.
 * Run by the tests through tsx: `tsx test/browser/data-expected.ts <csv> [dropRule ...]` prints JSON.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseCsvText } from '../../src/core/data/parse';
import { createDatasetRecord, prepareDataset } from '../../src/core/data/dataset';
import type { CleaningRuleId } from '../../src/core/data/clean';

const [file, ...drop] = process.argv.slice(2);
const table = parseCsvText(fs.readFileSync(file, 'utf8'), { fileName: path.basename(file) });
const record = createDatasetRecord(table, { id: 'expected' });
for (const rule of drop) record.cleaning = { ...record.cleaning, drop: { ...record.cleaning.drop, [rule as CleaningRuleId]: true } };
const prep = prepareDataset(record);
console.log(JSON.stringify({
  rows: table.rows.length,
  mapping: record.mapping,
  findings: Object.fromEntries(prep.cleaning.findings.map((f) => [f.rule, f.count])),
  kept: prep.cleaning.kept,
  counts: prep.summary.counts,
  perClass: prep.summary.perClass,
}));
