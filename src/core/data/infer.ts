/**
 * Suggests which column is the text, which the label (and its kind), and which an existing split.
 * Names win when they are clear ("text", "label", "split"); otherwise the shape of the values decides.
 */
import type { ColumnMapping, LabelKind, RawTable } from './types';
import { profileColumns, type ColumnProfile } from './profile';
import { isNumberCell } from './header';
import { parseSplitName } from './split';

export interface MappingWarning {
  column: string;
  message: string;
  /**
   * Which check: the CLI refuses to train on 'label-free-text' and 'same-column' (a model of thousands of
   * one-row classes is meaningless) unless told to go on.
   */
  kind?: 'missing-column' | 'same-column' | 'label-free-text' | 'one-class' | 'not-numbers' | 'text-looks-like-label';
}

export interface MappingSuggestion {
  /** Null when the table cannot be mapped (e.g. one column only: text without labels). */
  mapping: ColumnMapping | null;
  /** Columns that could be the text, best first. */
  textCandidates: string[];
  /** Columns that could be the label, best first. */
  labelCandidates: string[];
  warnings: MappingWarning[];
}

const TEXT_NAMES = /^(text|texts|sentence|sentence1|sentence_1|text_a|text1|review|review_text|comment|comments|message|msg|content|body|document|doc|tweet|post|description|question|question1|premise|utterance|input|abstract|summary|title)$/i;
const PAIR_NAMES = /^(sentence2|sentence_2|text_b|text2|hypothesis|question2|answer|response|context)$/i;
const LABEL_NAMES = /^(label|labels|class|classes|category|categories|target|sentiment|tag|tags|intent|topic|y|score|rating|stars|emotion|gold_label)$/i;
const SPLIT_NAMES = /^(split|set|subset|fold|partition|dataset)$/i;

/** Multi-label separators tried in order. */
const MULTI_SEPARATORS = ['|', ';', ','];
/** More distinct values than this in a label column looks like free text. */
const LABEL_TEXT_DISTINCT = 1000;

/** Guess single / multi (with its separator) / regression from a label column's values. */
export function guessLabelKind(values: string[]): { kind: LabelKind; separator?: string } {
  const filled = values.map((v) => v.trim()).filter((v) => v !== '');
  if (filled.length === 0) return { kind: 'single' };
  const distinct = new Set(filled);
  const numeric = filled.filter(isNumberCell).length / filled.length;
  if (numeric >= 0.9) {
    // Class ids are few integers; scores have fractions or many distinct values.
    const fractional = [...distinct].some((v) => isNumberCell(v) && !Number.isInteger(Number(v.replace(',', '.'))));
    if (distinct.size > 20 || (fractional && distinct.size >= 5)) return { kind: 'regression' };
    return { kind: 'single' };
  }
  for (const sep of MULTI_SEPARATORS) {
    const withSep = filled.filter((v) => v.includes(sep)).length;
    if (withSep / filled.length < 0.05) continue;
    const parts = new Set<string>();
    for (const v of distinct) for (const p of v.split(sep)) if (p.trim()) parts.add(p.trim());
    if (parts.size <= 100 && parts.size <= distinct.size) return { kind: 'multi', separator: sep };
  }
  return { kind: 'single' };
}

function columnValues(table: RawTable, index: number): string[] {
  return table.rows.map((r) => r[index] ?? '');
}

function isSplitColumn(table: RawTable, p: ColumnProfile): boolean {
  if (p.type === 'empty' || p.distinct > 6) return false;
  const values = columnValues(table, p.index).filter((v) => v.trim() !== '');
  const ok = values.filter((v) => parseSplitName(v) !== null).length;
  const names = new Set(values.map(parseSplitName).filter((s) => s !== null));
  return ok / values.length >= 0.99 && (names.size >= 2 || SPLIT_NAMES.test(p.name));
}

function textScore(p: ColumnProfile): number {
  if (p.type === 'empty' || p.type === 'boolean' || p.type === 'number') return -Infinity;
  let s = p.length.mean;
  if (TEXT_NAMES.test(p.name)) s += 10_000;
  if (p.type === 'category') s -= 5_000;
  return s;
}

function labelScore(p: ColumnProfile, rows: number): number {
  if (p.type === 'empty') return -Infinity;
  let s = 0;
  if (LABEL_NAMES.test(p.name)) s += 100;
  if (p.type === 'category' || p.type === 'boolean') s += 50;
  else if (p.type === 'number') s += 20;
  else s -= Math.min(50, (50 * p.distinct) / Math.max(1, rows));
  return s - p.length.mean / 100;
}

/**
 * Rows a new dataset's mapping is suggested from: suggesting from all rows of a 100 MB file takes seconds,
 * and the first rows decide it as well.
 */
export const SUGGEST_SAMPLE_ROWS = 20_000;

export function suggestMapping(table: RawTable, profiles: ColumnProfile[] = profileColumns(table)): MappingSuggestion {
  const warnings: MappingWarning[] = [];
  const split = profiles.find((p) => isSplitColumn(table, p));
  const usable = profiles.filter((p) => p !== split);
  const textCandidates = usable.filter((p) => textScore(p) > -Infinity)
    .sort((a, b) => textScore(b) - textScore(a)).map((p) => p.name);
  const textColumn = textCandidates[0];
  const pair = usable.find((p) => p.name !== textColumn && PAIR_NAMES.test(p.name) && p.type === 'text');
  const labelCandidates = usable.filter((p) => p.name !== textColumn && p !== pair && labelScore(p, table.rows.length) > -Infinity)
    .sort((a, b) => labelScore(b, table.rows.length) - labelScore(a, table.rows.length)).map((p) => p.name);
  const labelColumn = labelCandidates[0];
  if (!textColumn || !labelColumn) {
    warnings.push({
      column: textColumn ?? table.columns[0] ?? '',
      message: table.columns.length < 2
        ? 'The file has one column: there is text but no label column. Label rows by hand, or add a label column.'
        : 'No pair of text and label columns could be found: choose them yourself.',
    });
    return { mapping: null, textCandidates, labelCandidates, warnings };
  }
  const labelIdx = table.columns.indexOf(labelColumn);
  const kind = guessLabelKind(columnValues(table, labelIdx));
  const mapping: ColumnMapping = {
    textColumn, labelColumn, labelKind: kind.kind,
    ...(kind.separator ? { multiLabelSeparator: kind.separator } : {}),
    ...(pair ? { textPairColumn: pair.name } : {}),
    ...(split ? { splitColumn: split.name } : {}),
  };
  warnings.push(...checkMapping(table, mapping, profiles));
  return { mapping, textCandidates, labelCandidates, warnings };
}

/** Warnings for a mapping (suggested or chosen): e.g. a label column with thousands of distinct values. */
export function checkMapping(table: RawTable, mapping: ColumnMapping, profiles: ColumnProfile[] = profileColumns(table)): MappingWarning[] {
  const out: MappingWarning[] = [];
  const byName = new Map(profiles.map((p) => [p.name, p]));
  const text = byName.get(mapping.textColumn);
  const label = byName.get(mapping.labelColumn);
  for (const [role, name] of [['text', mapping.textColumn], ['label', mapping.labelColumn]] as const) {
    if (!byName.has(name)) out.push({ kind: 'missing-column', column: name, message: `The ${role} column "${name}" is not in the file (columns: ${table.columns.join(', ')}).` });
  }
  if (!text || !label) return out;
  if (mapping.textColumn === mapping.labelColumn) {
    out.push({ kind: 'same-column', column: label.name, message: `"${label.name}" is chosen as both the text and the label column.` });
  }
  if (mapping.labelKind !== 'regression') {
    const filled = table.rows.length - label.empty;
    if (label.distinct > LABEL_TEXT_DISTINCT || (label.distinct > 100 && label.distinct > 0.5 * filled)) {
      const other = profiles.filter((p) => p !== label && p !== text && (p.type === 'category' || p.type === 'boolean'))
        .sort((a, b) => labelScore(b, table.rows.length) - labelScore(a, table.rows.length))[0];
      out.push({
        kind: 'label-free-text',
        column: label.name,
        message: `The label column "${label.name}" has ${label.distinct.toLocaleString('en')} distinct values: it looks like free text, not a label.`
          + (other ? ` Did you mean "${other.name}" (${other.distinct} values)?` : ' Choose a column with a few repeated values.'),
      });
    }
    if (label.distinct === 1) {
      out.push({ kind: 'one-class', column: label.name, message: `The label column "${label.name}" has one value only ("${label.top[0]?.value}"): a classifier needs at least two classes.` });
    }
  } else if (label.numericShare < 0.95) {
    out.push({ kind: 'not-numbers', column: label.name, message: `Regression needs numbers, but ${Math.round(100 * (1 - label.numericShare))} % of "${label.name}" are not numbers.` });
  }
  if ((text.type === 'category' || text.type === 'boolean') && text.length.mean < 20 && text.distinct <= 50) {
    out.push({ kind: 'text-looks-like-label', column: text.name, message: `The text column "${text.name}" has only ${text.distinct} distinct short values: it looks like a label.` });
  }
  return out;
}
