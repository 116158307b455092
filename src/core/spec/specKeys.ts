/**
 * The fields a JobSpec may have, to refuse what it may not: a misspelt key (`learningrate`), a hyperparameter
 * at the top level of a spec file, anything a future version added. Unknown keys would otherwise be carried
 * along and ignored without a word. The hyperparameters' fields come from DEFAULT_HYPERPARAMETERS, so a
 * field added there is known here at once.
 */
import { DEFAULT_HYPERPARAMETERS, type SpecIssue } from './jobSpec';

/** A key's own fields (an object), or `true` for a value that has none. */
type KeySchema = { readonly [key: string]: KeySchema | true };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function schemaOf(example: Record<string, unknown>): KeySchema {
  return Object.fromEntries(Object.entries(example).map(([k, v]) => [k, isObj(v) ? schemaOf(v) : true]));
}

const leaves = (...keys: string[]): KeySchema => Object.fromEntries(keys.map((k) => [k, true]));

export const HYPERPARAMETER_KEYS: KeySchema = schemaOf(DEFAULT_HYPERPARAMETERS as unknown as Record<string, unknown>);

export const JOB_SPEC_KEYS: KeySchema = {
  version: true,
  name: true,
  dataset: {
    ...leaves('id', 'name', 'textColumn', 'textPairColumn', 'labelColumn', 'labelKind', 'splitMethod'),
    splitCounts: leaves('train', 'validation', 'test'),
    limits: leaves('train', 'evaluation'),
    fingerprint: leaves('rows', 'train', 'validation', 'test', 'hash'),
  },
  model: leaves('source', 'id', 'revision'),
  task: leaves('kind', 'labelNames'),
  hyperparameters: HYPERPARAMETER_KEYS,
  // What Auto decided and why (a list; validate.ts checks its entries).
  auto: { decisions: true },
};

/** Levenshtein distance, for "did you mean"; small strings only. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** The known key `key` was most likely meant to be, or undefined. */
function closest(key: string, known: string[]): string | undefined {
  const lower = key.toLowerCase().replace(/[_\-\s]/g, '');
  const same = known.find((k) => k.toLowerCase() === lower);
  if (same) return same;
  const scored = known.map((k) => ({ k, d: distance(lower, k.toLowerCase()) })).sort((a, b) => a.d - b.d);
  return scored[0] && scored[0].d <= Math.max(1, Math.floor(key.length / 4)) ? scored[0].k : undefined;
}

function unknownKeyMessage(key: string, path: string, schema: KeySchema): string {
  if (path === '' && key in HYPERPARAMETER_KEYS) return `"${key}" is a hyperparameter: put it under "hyperparameters"`;
  const known = Object.keys(schema);
  const guess = closest(key, known);
  return `unknown field${guess ? ` (did you mean "${guess}"?)` : ''}; the known fields here are ${known.join(', ')}`;
}

/** Every key of `value` (recursively) that `schema` does not have, as issues naming its dotted path. */
export function unknownKeyIssues(value: unknown, schema: KeySchema = JOB_SPEC_KEYS, path = ''): SpecIssue[] {
  if (!isObj(value)) return [];
  const issues: SpecIssue[] = [];
  for (const [key, v] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    const sub = schema[key];
    if (sub === undefined) issues.push({ path: at, message: unknownKeyMessage(key, path, schema) });
    else if (sub !== true) issues.push(...unknownKeyIssues(v, sub, at));
  }
  return issues;
}

/** The fields an object-valued key must have, for "must be an object with …" messages; null for a plain value. */
export function fieldsOf(path: string): string[] | null {
  let node: KeySchema | true | undefined = JOB_SPEC_KEYS;
  for (const part of path.split('.')) node = node === true || node === undefined ? undefined : node[part];
  return node && node !== true ? Object.keys(node) : null;
}
