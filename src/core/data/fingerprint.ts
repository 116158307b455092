/**
 * A dataset's fingerprint: row and split counts plus a checksum of every text, pair, label and split code.
 * It goes into the JobSpec (dataset.fingerprint) and so into every checkpoint, so that resuming a job on
 * data that has changed since (another file, other cleaning or labels, fewer rows) is refused with a
 * message saying what changed, instead of replaying a data order that no longer exists.
 */
import { createHasher } from '../hash';
import { SPLIT_CODE, type TrainingData } from './types';

export interface DataFingerprint {
  rows: number;
  train: number;
  validation: number;
  test: number;
  /** Checksum of the texts, pairs, labels and split codes (8 hex digits). */
  hash: string;
}

export function dataFingerprint(data: TrainingData): DataFingerprint {
  const h = createHasher(0xda7a);
  for (const t of data.texts) h.string(t);
  if (data.pairs) for (const t of data.pairs) h.string(t);
  for (const name of data.labelNames) h.string(name);
  h.floats(data.labels).bytes(data.split);
  let train = 0;
  let validation = 0;
  let test = 0;
  for (const code of data.split) {
    if (code === SPLIT_CODE.train) train++;
    else if (code === SPLIT_CODE.validation) validation++;
    else if (code === SPLIT_CODE.test) test++;
  }
  return { rows: data.texts.length, train, validation, test, hash: h.hex() };
}

const n = (x: number) => x.toLocaleString('en');

/**
 * What differs between the data a checkpoint was trained on and the data offered now, in words; null when
 * they are the same. `labels` are the class names of each (the spec's and the data's).
 */
export function describeDataChange(
  was: DataFingerprint, now: DataFingerprint, labels: { was: string[]; now: string[] },
): string | null {
  const changes: string[] = [];
  if (was.rows !== now.rows) changes.push(`${n(was.rows)} rows → ${n(now.rows)}`);
  const splits = (['train', 'validation', 'test'] as const).filter((s) => was[s] !== now[s]);
  if (splits.length > 0) changes.push(splits.map((s) => `${s} ${n(was[s])} → ${n(now[s])}`).join(', '));
  if (labels.was.join('\u0000') !== labels.now.join('\u0000')) {
    changes.push(`labels ${listOf(labels.was)} → ${listOf(labels.now)}`);
  }
  if (changes.length === 0 && was.hash !== now.hash) {
    changes.push(`the same counts and labels, but other texts or labels in some rows (checksum ${was.hash} → ${now.hash})`);
  }
  return changes.length === 0 ? null : changes.join('; ');
}

function listOf(names: string[]): string {
  if (names.length === 0) return '(regression)';
  const shown = names.slice(0, 5).join(', ');
  return names.length > 5 ? `${shown}, … (${n(names.length)} in all)` : shown;
}
