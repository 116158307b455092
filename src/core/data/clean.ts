/**
 * The cleaning report: every rule counts its rows and lists them BEFORE anything is dropped; the
 * person chooses which rules drop rows. Defaults drop only empty texts and missing labels.
 */
import type { ColumnMapping, RawTable } from './types';
import type { ResolvedLabels } from './labels';
import { DataError } from './errors';
import { writeCsv } from './csv';

export type CleaningRuleId =
  | 'empty-text' | 'missing-label' | 'duplicate' | 'conflicting-duplicate' | 'too-long' | 'wrong-field-count';

export interface CleaningOptions {
  /** Which rules drop their rows. */
  drop: Record<CleaningRuleId, boolean>;
  /** 'too-long' threshold in characters (text + pair text). */
  maxChars: number;
}

export const DEFAULT_CLEANING: CleaningOptions = {
  drop: {
    'empty-text': true, 'missing-label': true, duplicate: false,
    'conflicting-duplicate': false, 'too-long': false, 'wrong-field-count': false,
  },
  maxChars: 2000,
};

export interface CleaningFinding {
  rule: CleaningRuleId;
  title: string;
  /** What the rule means, in a sentence. */
  description: string;
  count: number;
  /** 1-based data rows, ascending. */
  rows: number[];
  drop: boolean;
}

export interface CleaningReport {
  findings: CleaningFinding[];
  /** 1 = kept, 0 = dropped; one entry per table row. */
  keep: Uint8Array;
  total: number;
  kept: number;
  dropped: number;
}

const RULES: { rule: CleaningRuleId; title: string; description: string }[] = [
  { rule: 'empty-text', title: 'Empty text', description: 'The text cell is empty or only whitespace.' },
  { rule: 'missing-label', title: 'Missing label', description: 'The row has no label (empty cell, deleted class, or a regression value that is not a number).' },
  { rule: 'duplicate', title: 'Duplicate text', description: 'The same text appears in an earlier row; the later occurrences are listed.' },
  { rule: 'conflicting-duplicate', title: 'Conflicting duplicates', description: 'The same text appears with different labels; every row of such a text is listed.' },
  { rule: 'too-long', title: 'Over-long text', description: '' }, // worded with its limit by tooLongWording
  { rule: 'wrong-field-count', title: 'Wrong number of fields', description: 'The row had more or fewer fields than the header and was padded or truncated when read.' },
];

/** The over-long rule names its limit and what happens to such rows when they are kept. */
function tooLongWording(maxChars: number): { title: string; description: string } {
  const n = maxChars.toLocaleString('en-US');
  return {
    title: `Over-long text (over ${n} characters)`,
    description: `The text (with its pair text) is longer than ${n} characters. Kept unless ticked: training and prediction ` +
      'cut every text to the job\'s max sequence length in tokens (128 with the Standard preset, 64 with Quick), so only its ' +
      'beginning is used. Tick to drop these rows instead.',
  };
}

function labelKey(c: string[] | null): string | null {
  return c ? [...c].sort().join('\u0001') : null;
}

/**
 * Finds every rule's rows, then drops those of the rules chosen in `options.drop`. `labels` are the
 * resolved labels (after edits and manual labels); without them the label column's raw cells are used.
 */
export function cleaningReport(
  table: RawTable, mapping: ColumnMapping, options: CleaningOptions = DEFAULT_CLEANING, labels?: ResolvedLabels,
): CleaningReport {
  const textCol = table.columns.indexOf(mapping.textColumn);
  if (textCol < 0) {
    throw new DataError('mapping', `The text column "${mapping.textColumn}" is not in ${table.fileName} (columns: ${table.columns.join(', ')}).`, undefined, mapping.textColumn);
  }
  const pairCol = mapping.textPairColumn ? table.columns.indexOf(mapping.textPairColumn) : -1;
  const labelCol = table.columns.indexOf(mapping.labelColumn);
  const n = table.rows.length;
  const rowLabel = (i: number): string | null => {
    if (labels) return labelKey(labels.classes[i]);
    const v = labelCol < 0 ? '' : (table.rows[i][labelCol] ?? '').trim();
    return v === '' ? null : v;
  };
  const hits: Record<CleaningRuleId, number[]> = {
    'empty-text': [], 'missing-label': [], duplicate: [], 'conflicting-duplicate': [], 'too-long': [], 'wrong-field-count': [],
  };
  // text (+ pair) → its first row. Only texts seen again get a group (rows + first label), so a million
  // distinct texts cost one Map entry each, not an object, an array and a Set.
  const firstRow = new Map<string, number>();
  const groups = new Map<number, { rows: number[]; label: string | null; conflict: boolean }>();
  for (let i = 0; i < n; i++) {
    const row = table.rows[i];
    const text = row[textCol] ?? '';
    const pair = pairCol >= 0 ? row[pairCol] ?? '' : '';
    const label = rowLabel(i);
    if (text.trim() === '') hits['empty-text'].push(i + 1);
    if (label === null) hits['missing-label'].push(i + 1);
    if (text.length + pair.length > options.maxChars) hits['too-long'].push(i + 1);
    if (text.trim() === '') continue;
    const key = pairCol >= 0 ? `${text}\u0000${pair}` : text;
    const first = firstRow.get(key);
    if (first === undefined) { firstRow.set(key, i); continue; }
    hits.duplicate.push(i + 1);
    let g = groups.get(first);
    if (!g) groups.set(first, (g = { rows: [first], label: rowLabel(first), conflict: false }));
    g.rows.push(i);
    if (label !== null) {
      if (g.label === null) g.label = label;
      else if (g.label !== label) g.conflict = true;
    }
  }
  for (const g of groups.values()) if (g.conflict) for (const i of g.rows) hits['conflicting-duplicate'].push(i + 1);
  hits['conflicting-duplicate'].sort((a, b) => a - b);
  hits['wrong-field-count'] = [...(table.raggedRows ?? [])].sort((a, b) => a - b);

  const keep = new Uint8Array(n).fill(1);
  const findings = RULES.map((r) => {
    const { rule, title, description } = r.rule === 'too-long' ? { ...r, ...tooLongWording(options.maxChars) } : r;
    const rows = hits[rule];
    const drop = options.drop[rule];
    if (drop) for (const row of rows) keep[row - 1] = 0;
    return { rule, title, description, count: rows.length, rows, drop };
  });
  let kept = 0;
  for (let i = 0; i < n; i++) kept += keep[i];
  return { findings, keep, total: n, kept, dropped: n - kept };
}

/** The report as CSV: rule,title,row,dropped — one line per (rule, row); rules with no rows are left out. */
export function cleaningReportCsv(report: CleaningReport): string {
  const rows: string[][] = [];
  for (const f of report.findings) for (const r of f.rows) rows.push([f.rule, f.title, String(r), f.drop ? 'yes' : 'no']);
  return writeCsv(['rule', 'title', 'row', 'dropped'], rows);
}
