/**
 * What the data stage shows about a dataset, computed from its table and the person's choices by the
 * data core. Pure (no DOM): it runs in the dataset-view worker, so a 100 MB table's profile, cleaning
 * and split (seconds of work) never block the page; and in Node unit tests.
 *
 * The result is compact for postMessage: row lists are Int32Arrays, not arrays of arrays.
 */
import type { DatasetRecord } from '../core/data/dataset';
import { prepareDataset } from '../core/data/dataset';
import type { CleaningRuleId } from '../core/data/clean';
import { checkMapping, suggestMapping, type MappingSuggestion } from '../core/data/infer';
import { classCounts, type ClassCount } from '../core/data/labels';
import { profileColumns, type ColumnProfile } from '../core/data/profile';
import type { SplitSummary } from '../core/data/split';
import type { RawTable } from '../core/data/types';

/** The record minus what the view does not depend on (the table travels once, the rest per change). */
export type DatasetChoices = Pick<DatasetRecord, 'name' | 'mapping' | 'cleaning' | 'labelEdits' | 'manualLabels' | 'split'>;

export interface FindingView {
  rule: CleaningRuleId;
  title: string;
  description: string;
  drop: boolean;
  /** 1-based data rows. */
  rows: Int32Array;
}

export interface PreparedView {
  findings: FindingView[];
  total: number;
  /** Rows kept by cleaning. */
  kept: number;
  /** Kept rows per class (single/multi), most frequent first. */
  classes: ClassCount[];
  /** Class names in use, sorted (what the labelling view offers). */
  labelNames: string[];
  /** 0-based indices of the rows without a label (after edits and manual labels). */
  unlabelled: Int32Array;
  splitCodes: Uint8Array;
  summary: SplitSummary;
  errors: string[];
  warnings: string[];
}

/** A value, or the message of what went wrong computing it (shown instead of a blank stage). */
export type Derived<T> = { ok: true; value: T } | { ok: false; error: string };

export interface DatasetView {
  profiles: Derived<ColumnProfile[]>;
  suggestion: Derived<MappingSuggestion>;
  mappingWarnings: string[];
  /** null while no mapping is chosen. */
  prepared: Derived<PreparedView> | null;
}

function derive<T>(f: () => T): Derived<T> {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Profiles and the mapping suggestion depend on the table only: computed once per table. */
export interface TableFacts {
  profiles: Derived<ColumnProfile[]>;
  suggestion: Derived<MappingSuggestion>;
}

export function tableFacts(table: RawTable): TableFacts {
  const profiles = derive(() => profileColumns(table));
  const suggestion = derive(() => suggestMapping(table, profiles.ok ? profiles.value : undefined));
  return { profiles, suggestion };
}

export function prepareView(record: DatasetRecord): PreparedView {
  const p = prepareDataset(record);
  const unlabelled: number[] = [];
  p.labels.classes.forEach((c, i) => { if (c === null) unlabelled.push(i); });
  return {
    findings: p.cleaning.findings.map((f) => ({
      rule: f.rule, title: f.title, description: f.description, drop: f.drop, rows: Int32Array.from(f.rows),
    })),
    total: p.cleaning.total,
    kept: p.cleaning.kept,
    classes: classCounts(p.labels, p.cleaning.keep),
    labelNames: p.labels.labelNames,
    unlabelled: Int32Array.from(unlabelled),
    splitCodes: p.splitCodes,
    summary: p.summary,
    errors: p.errors,
    warnings: p.warnings,
  };
}

/** Everything the data stage shows for `choices` over `table`. */
export function datasetView(table: RawTable, facts: TableFacts, choices: DatasetChoices): DatasetView {
  const { profiles, suggestion } = facts;
  const mapping = choices.mapping;
  let mappingWarnings: string[];
  if (!mapping) mappingWarnings = suggestion.ok ? suggestion.value.warnings.map((w) => w.message) : [];
  else {
    const w = derive(() => checkMapping(table, mapping, profiles.ok ? profiles.value : undefined));
    mappingWarnings = w.ok ? w.value.map((x) => x.message) : [w.error];
  }
  const record: DatasetRecord = { ...choices, id: '', createdAt: 0, updatedAt: 0, table, splitCodes: null };
  const prepared = mapping ? derive(() => prepareView(record)) : null;
  return { profiles, suggestion, mappingWarnings, prepared };
}
