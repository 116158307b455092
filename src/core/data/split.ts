/**
 * Train/validation/test splits: stratified by label with a seed, exact per class, or taken from a column.
 */
import { SPLIT_CODE, type SplitName } from './types';
import { createRng, shuffleInPlace } from '../rng';
import { DataError } from './errors';

export interface SplitRatios {
  train: number;
  validation: number;
  test: number;
}

export const SPLIT_PRESETS = {
  '80/10/10': { train: 0.8, validation: 0.1, test: 0.1 },
  '70/15/15': { train: 0.7, validation: 0.15, test: 0.15 },
} as const satisfies Record<string, SplitRatios>;

export type SplitSettings =
  | { mode: 'ratio'; ratios: SplitRatios; seed: number; stratify: boolean }
  | { mode: 'column'; column: string };

export const DEFAULT_SPLIT: SplitSettings = { mode: 'ratio', ratios: SPLIT_PRESETS['80/10/10'], seed: 42, stratify: true };

export { SPLIT_CODE };

const SPLIT_ALIASES: Record<string, SplitName> = {
  train: 'train', training: 'train', trn: 'train',
  validation: 'validation', valid: 'validation', val: 'validation', dev: 'validation', eval: 'validation',
  evaluation: 'validation', development: 'validation',
  test: 'test', testing: 'test', tst: 'test', holdout: 'test',
};

/** 'Train', 'dev', 'VALID', 'testing' … → the split; null when the value is not a split name. */
export function parseSplitName(value: string): SplitName | null {
  return SPLIT_ALIASES[value.trim().toLowerCase()] ?? null;
}

/** Throws when ratios are negative, all zero, or do not sum to 1 (±0.001). */
export function validateRatios(r: SplitRatios): void {
  const sum = r.train + r.validation + r.test;
  if ([r.train, r.validation, r.test].some((x) => !Number.isFinite(x) || x < 0) || Math.abs(sum - 1) > 1e-3) {
    throw new DataError('split', `Split ratios must be ≥ 0 and add up to 100 % (got train ${pct(r.train)}, validation ${pct(r.validation)}, test ${pct(r.test)}).`);
  }
}

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10} %`;
}

/**
 * Split the kept rows. `strata[i]` is row i's stratum (its class; null = one shared pool). Per stratum:
 * shuffle with the seed, n_val = round(n·r_val), n_test = round(n·r_test), the rest train — so every
 * class is within one row of the ratio and the result depends only on (rows, strata, ratios, seed).
 * Rows with keep[i] = 0 get SPLIT_CODE.excluded.
 *
 * `groupOf[i]` (exactTextGroups): rows of one group — copies of one exact text — land in one split, so no
 * validation or test text was seen in training. The group's first kept row is split as above (with its
 * class as the stratum) and the other copies follow it; without duplicates the split is the same as
 * without groups.
 */
export function ratioSplit(
  strata: (string | null)[], keep: Uint8Array, ratios: SplitRatios, seed: number, groupOf?: Int32Array,
): Uint8Array {
  validateRatios(ratios);
  if (!groupOf) return splitKeptRows(strata, keep, ratios, seed);
  const leaderOf = new Map<number, number>();
  const leaders = new Uint8Array(keep.length);
  for (let i = 0; i < keep.length; i++) {
    if (!keep[i] || leaderOf.has(groupOf[i])) continue;
    leaderOf.set(groupOf[i], i);
    leaders[i] = 1;
  }
  const codes = splitKeptRows(strata, leaders, ratios, seed);
  for (let i = 0; i < keep.length; i++) if (keep[i] && !leaders[i]) codes[i] = codes[leaderOf.get(groupOf[i]) as number];
  return codes;
}

function splitKeptRows(strata: (string | null)[], keep: Uint8Array, ratios: SplitRatios, seed: number): Uint8Array {
  const codes = new Uint8Array(keep.length).fill(SPLIT_CODE.excluded);
  const groups = new Map<string, number[]>();
  const POOL = '\u0000pool';
  for (let i = 0; i < keep.length; i++) {
    if (!keep[i]) continue;
    const key = strata[i] ?? POOL;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  }
  // Sorted keys and one rng per stratum (seed mixed with the stratum's rank): adding a class does not
  // reshuffle a class unless its sorted rank changes, and the result never depends on Map order.
  const keys = [...groups.keys()].sort();
  keys.forEach((key, k) => {
    const rows = groups.get(key) as number[];
    shuffleInPlace(rows, createRng((seed ^ Math.imul(k + 1, 0x9e3779b1)) >>> 0));
    const n = rows.length;
    const nVal = Math.round(n * ratios.validation);
    const nTest = Math.min(n - nVal, Math.round(n * ratios.test));
    rows.forEach((row, j) => {
      codes[row] = j < nVal ? SPLIT_CODE.validation : j < nVal + nTest ? SPLIT_CODE.test : SPLIT_CODE.train;
    });
  });
  return codes;
}

/** Row i → the first row with the same exact text (and pair text): the groups ratioSplit keeps together. */
export function exactTextGroups(texts: readonly string[], pairs?: readonly string[]): Int32Array {
  const first = new Map<string, number>();
  return Int32Array.from(texts, (t, i) => {
    const key = pairs ? `${t}\u0000${pairs[i] ?? ''}` : t;
    const f = first.get(key);
    if (f !== undefined) return f;
    first.set(key, i);
    return i;
  });
}

/** Distinct texts whose copies are in more than one split (a column split can do that; a ratio split cannot). */
export function textsInSeveralSplits(codes: Uint8Array, groupOf: Int32Array): number {
  const splitOf = new Map<number, number>();
  const crossing = new Set<number>();
  for (let i = 0; i < codes.length; i++) {
    if (codes[i] === SPLIT_CODE.excluded) continue;
    const s = splitOf.get(groupOf[i]);
    if (s === undefined) splitOf.set(groupOf[i], codes[i]);
    else if (s !== codes[i]) crossing.add(groupOf[i]);
  }
  return crossing.size;
}

export interface ColumnSplitResult {
  codes: Uint8Array;
  /** Kept rows whose cell is not a split name (they are excluded), 1-based rows. */
  problems: { row: number; value: string }[];
}

export function columnSplit(values: string[], keep: Uint8Array): ColumnSplitResult {
  const codes = new Uint8Array(keep.length).fill(SPLIT_CODE.excluded);
  const problems: { row: number; value: string }[] = [];
  for (let i = 0; i < keep.length; i++) {
    if (!keep[i]) continue;
    const s = parseSplitName(values[i] ?? '');
    if (s === null) problems.push({ row: i + 1, value: values[i] ?? '' });
    else codes[i] = SPLIT_CODE[s];
  }
  return { codes, problems };
}

export interface SplitSummary {
  counts: Record<SplitName, number>;
  excluded: number;
  /** Per class: rows in each split (classes sorted by total, largest first). */
  perClass: { label: string; train: number; validation: number; test: number }[];
  warnings: string[];
}

/** Largest class over smallest class above this ratio → an imbalance warning. */
export const IMBALANCE_RATIO = 3;

/**
 * Counts per split and per class. `labels[i]` is row i's class, or its classes (multi-label: the row
 * counts once in each), or null (unlabelled / regression).
 */
export function summarizeSplit(codes: Uint8Array, labels: readonly (string | readonly string[] | null)[]): SplitSummary {
  const counts: Record<SplitName, number> = { train: 0, validation: 0, test: 0 };
  const names: SplitName[] = ['train', 'validation', 'test'];
  const per = new Map<string, { label: string; train: number; validation: number; test: number }>();
  let excluded = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c === SPLIT_CODE.excluded) { excluded++; continue; }
    const split = names[c];
    counts[split]++;
    const l = labels[i];
    if (l === null || l === undefined) continue;
    for (const label of typeof l === 'string' ? [l] : l) {
      let e = per.get(label);
      if (!e) per.set(label, (e = { label, train: 0, validation: 0, test: 0 }));
      e[split]++;
    }
  }
  const perClass = [...per.values()].sort((a, b) => total(b) - total(a) || (a.label < b.label ? -1 : 1));
  const warnings: string[] = [];
  for (const split of names) {
    if (counts[split] > 0) continue;
    if (split === 'train' || codes.length - excluded > 0) warnings.push(`The ${split} split is empty.`);
  }
  const usedSplits = names.filter((s) => counts[s] > 0);
  for (const c of perClass) {
    const missing = usedSplits.filter((s) => c[s] === 0);
    if (missing.length > 0) {
      warnings.push(`Class "${c.label}" has ${total(c)} row${total(c) === 1 ? '' : 's'}: too few to appear in every split (none in ${missing.join(', ')}). Add examples or merge it into another class.`);
    }
  }
  if (perClass.length >= 2) {
    const big = perClass[0];
    const small = perClass[perClass.length - 1];
    if (total(big) > IMBALANCE_RATIO * total(small)) {
      warnings.push(`Classes are imbalanced: "${big.label}" has ${total(big)} rows, "${small.label}" ${total(small)} (${(total(big) / Math.max(1, total(small))).toFixed(1)}×). Consider class weights or oversampling the small classes in training, and watch macro-F1 rather than accuracy.`);
    }
  }
  return { counts, excluded, perClass, warnings };
}

function total(c: { train: number; validation: number; test: number }): number {
  return c.train + c.validation + c.test;
}

/** How a split was made, in words, for the JobSpec and the model card. */
export function describeSplit(s: SplitSettings): string {
  if (s.mode === 'column') return `column "${s.column}"`;
  const r = [s.ratios.train, s.ratios.validation, s.ratios.test].map((x) => Math.round(x * 100)).join('/');
  return `random ${r}${s.stratify ? ', stratified' : ''}, seed ${s.seed}, exact duplicate texts kept in one split`;
}
