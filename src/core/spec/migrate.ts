/**
 * Stored JobSpecs of older versions (IndexedDB job records, checkpoints, job.json files) → the current
 * version. Each step is a pure function of the older object; anything not recognisable is handed back as
 * it is, for validateJobSpec to report.
 *
 * Version 1 → 2: the quick-trial limits moved into the spec (dataset.limits). A version-1 spec has none;
 * whoever kept them beside it (the Train stage's job record) passes them in, else the whole splits.
 * Version 2 → 3: hyperparameters.decisionThreshold ('argmax': what every older job did) and the optional
 * `auto` block (absent: an older job's hyperparameters were chosen by hand or by a preset).
 */
import { JOB_SPEC_VERSION, NO_LIMITS, type SplitLimits } from './jobSpec';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function fromVersion1(spec: Obj, limits: SplitLimits): Obj {
  const dataset = isObj(spec.dataset) ? { ...spec.dataset, limits: { ...limits } } : spec.dataset;
  return { ...spec, version: 2, dataset };
}

function fromVersion2(spec: Obj): Obj {
  const hyperparameters = isObj(spec.hyperparameters) ? { decisionThreshold: 'argmax', ...spec.hyperparameters } : spec.hyperparameters;
  return { ...spec, version: 3, hyperparameters };
}

/**
 * `spec` at JOB_SPEC_VERSION. `v1Limits`: the limits a version-1 spec was run with (kept outside it).
 * A current spec is returned as the same object.
 */
export function migrateJobSpec(spec: unknown, v1Limits: SplitLimits = NO_LIMITS): unknown {
  if (!isObj(spec)) return spec;
  let out = spec;
  if (out.version === 1) out = fromVersion1(out, v1Limits);
  if (out.version === 2) out = fromVersion2(out);
  if (out.version !== JOB_SPEC_VERSION) return spec;
  return out;
}
