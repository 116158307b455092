/**
 * Sampled values → a trial's JobSpec. Parameter names are JobSpec paths, so this is one generic setter;
 * TUNABLE lists the paths a study may tune and what kind of value each takes (the JobSpec validator
 * then decides which values are allowed).
 */
import type { JobSpec } from '../spec/jobSpec';
import type { ParamValue, TrialParams } from './space';

export type FieldType = 'int' | 'float' | 'boolean' | 'enum';

export const TUNABLE: Readonly<Record<string, { type: FieldType; values?: readonly string[] }>> = {
  'hyperparameters.epochs': { type: 'int' },
  'hyperparameters.batchSize': { type: 'int' },
  'hyperparameters.learningRate': { type: 'float' },
  'hyperparameters.headLearningRate.value': { type: 'float' },
  'hyperparameters.weightDecay': { type: 'float' },
  'hyperparameters.warmup.value': { type: 'float' },
  'hyperparameters.schedule': { type: 'enum', values: ['linear', 'cosine', 'constant'] },
  'hyperparameters.layerwiseLrDecay': { type: 'float' },
  'hyperparameters.freeze.embeddings': { type: 'boolean' },
  'hyperparameters.freeze.firstLayers': { type: 'int' },
  'hyperparameters.freeze.headOnly': { type: 'boolean' },
  'hyperparameters.gradualUnfreezing': { type: 'boolean' },
  'hyperparameters.maxGradNorm': { type: 'float' },
  'hyperparameters.gradientAccumulationSteps': { type: 'int' },
  'hyperparameters.maxSequenceLength': { type: 'int' },
  'hyperparameters.classWeights.mode': { type: 'enum', values: ['none', 'balanced'] },
  'hyperparameters.oversampling': { type: 'boolean' },
  'hyperparameters.seed': { type: 'int' },
};

/** Sets one dotted path in a plain object (the path's parents must exist). */
function setPath(target: Record<string, unknown>, path: string, value: ParamValue): void {
  const keys = path.split('.');
  let obj = target;
  for (const k of keys.slice(0, -1)) {
    const next = obj[k];
    if (typeof next !== 'object' || next === null) throw new Error(`the job spec has no field ${path}`);
    obj = next as Record<string, unknown>;
  }
  obj[keys[keys.length - 1]] = value;
}

/** A copy of `base` with each parameter's value written at its path. */
export function applyTrialParams(base: JobSpec, params: TrialParams): JobSpec {
  const spec = structuredClone(base);
  for (const [path, value] of Object.entries(params)) {
    if (!TUNABLE[path]) throw new Error(`${path} is not a tunable hyperparameter`);
    setPath(spec as unknown as Record<string, unknown>, path, value);
  }
  return spec;
}
