/**
 * What the CLI says about the data before training — the same problems and warnings the studio's Data
 * stage shows, from the same data core (the parser's issues, the cleaning report, checkMapping, the split
 * summary) — and what it refuses to train on unless --force says to go on: quote problems that swallowed
 * lines, a label column of free text, the text column used as the label, an empty validation or test split.
 */
import { splitCounts, type PreparedDataset } from '../core/data/dataset';
import type { MappingWarning } from '../core/data/infer';
import type { ParseIssue, RawTable, TrainingData } from '../core/data/types';

/** Messages shown per kind of problem before "… and N more". */
const SHOWN = 5;

const n = (x: number) => x.toLocaleString('en');

export interface DataReport {
  /** Lines to print, each a complete sentence. */
  lines: string[];
  /** Why training would not give a meaningful model; refused unless --force. */
  refusals: string[];
}

const KIND_TITLES: Record<ParseIssue['kind'], string> = {
  quotes: 'quoting problems', delimiter: 'delimiter', 'field-count': 'rows with the wrong number of fields',
  encoding: 'encoding', empty: 'empty', binary: 'binary', other: 'other notes',
};

/** The parser's issues, grouped by kind: a count, the first few messages (each naming its row). */
function parseLines(table: RawTable): string[] {
  const byKind = new Map<ParseIssue['kind'], ParseIssue[]>();
  for (const i of table.issues) byKind.set(i.kind, [...(byKind.get(i.kind) ?? []), i]);
  const lines: string[] = [];
  for (const [kind, issues] of byKind) {
    // Past MAX_ISSUES_PER_KIND the parser adds one summary issue ("…and N more") without a row.
    const counted = issues.filter((i) => i.row !== undefined || !/^…and \d/.test(i.message));
    lines.push(`${table.fileName}: ${KIND_TITLES[kind]} (${n(counted.length)}${issues.length > counted.length ? '+' : ''}):`);
    for (const i of issues.slice(0, SHOWN)) lines.push(`  ${i.message}`);
    const summary = issues.find((i) => i.row === undefined && /^…and \d/.test(i.message));
    if (issues.length > SHOWN) lines.push(`  … and ${summary ? summary.message.replace(/^…and /, '') : `${n(issues.length - SHOWN)} more`}`);
  }
  return lines;
}

/** The cleaning report's findings that hit rows: counted, kept or dropped, with their first rows. */
function cleaningLines(prep: PreparedDataset): string[] {
  return prep.cleaning.findings.filter((f) => f.count > 0).map((f) => {
    const rows = f.rows.slice(0, 8).join(', ') + (f.rows.length > 8 ? ', …' : '');
    return `cleaning: ${n(f.count)} × ${f.title.toLowerCase()} (${f.drop ? 'dropped' : 'kept'}; rows ${rows})`;
  });
}

function refusalsOf(table: RawTable, mapping: MappingWarning[], data: TrainingData): string[] {
  const out: string[] = [];
  const swallowed = table.issues.filter((i) => i.kind === 'quotes' && (i.linesSwallowed ?? 0) > 0);
  if (swallowed.length > 0) {
    const lines = swallowed.reduce((s, i) => s + (i.linesSwallowed ?? 0), 0);
    out.push(`quote problems merged ${n(lines)} line${lines === 1 ? '' : 's'} into ${n(swallowed.length)} cell${swallowed.length === 1 ? '' : 's'} ` +
      `(rows ${swallowed.slice(0, 8).map((i) => i.row ?? 'the header').join(', ')}${swallowed.length > 8 ? ', …' : ''}): those lines are not rows of their own`);
  }
  for (const w of mapping) if (w.kind === 'label-free-text' || w.kind === 'same-column') out.push(w.message);
  const counts = splitCounts(data);
  for (const split of ['validation', 'test'] as const) {
    if (counts[split] === 0) {
      out.push(`the ${split} split has 0 rows (${n(data.texts.length)} rows in all): ${split === 'validation'
        ? 'nothing to evaluate on, so no best checkpoint and no early stopping'
        : 'the model cannot be scored on unseen data'}; add rows`);
    }
  }
  return out;
}

/** Everything to say about the data before training, and what to refuse. */
export function dataReport(table: RawTable, prep: PreparedDataset, mapping: MappingWarning[], data: TrainingData): DataReport {
  const mappingMessages = new Set(mapping.map((w) => w.message));
  const lines = [
    ...parseLines(table),
    ...cleaningLines(prep),
    ...mapping.map((w) => `warning: ${w.message}`),
    ...prep.warnings.filter((w) => !mappingMessages.has(w)).map((w) => `warning: ${w}`),
  ];
  return { lines, refusals: refusalsOf(table, mapping, data) };
}

/** Throws the refusals as one message naming --force, unless `force`; then they are only warnings. */
export function enforceDataReport(report: DataReport, fileName: string, force: boolean, log: (line: string) => void): void {
  if (report.refusals.length === 0) return;
  if (force) {
    for (const r of report.refusals) log(`warning (--force): ${r}`);
    return;
  }
  throw new Error(`refusing to train on ${fileName}: the model would not mean much.\n${report.refusals.map((r) => `  - ${r}`).join('\n')}\n` +
    'Fix the file or the columns (--text-column, --label-column), or add --force to train anyway.');
}

/** "ham, spam" — or the first few of many, counted, so 5,452 labels do not make a 321 KB line. */
export function labelList(names: string[]): string {
  if (names.length === 0) return '(regression)';
  const shown = names.slice(0, 10).map((s) => (s.length > 40 ? `${s.slice(0, 40)}…` : s)).join(', ');
  return names.length > 10 ? `${n(names.length)} classes: ${shown}, …` : shown;
}
