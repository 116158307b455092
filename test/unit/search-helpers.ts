/** Shared by the search tests: Optuna as the reference (skipped with a reason when absent) and a toy study loop. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { buildJobSpec } from '../../src/core/spec/buildJobSpec';
import { DEFAULT_HYPERPARAMETERS, type JobSpec } from '../../src/core/spec/jobSpec';
import { shouldPrune } from '../../src/core/search/pruners';
import { suggest } from '../../src/core/search/samplers';
import type { SearchSpace, TrialParams } from '../../src/core/search/space';
import { createStudy, type PrunerSpec, type SamplerSpec, type Study, type StudySpec, type Trial } from '../../src/core/search/study';

const root = path.resolve(__dirname, '../..');
export const PYTHON = '/usr/bin/python3';

/** Debian's python3-optuna is the independent reference; tests that need it are skipped, with this reason, without it. */
export const OPTUNA_MISSING: string | null = spawnSync(PYTHON, ['-c', 'import optuna'], { encoding: 'utf8' }).status === 0
  ? null
  : 'python3-optuna is not installed (apt-get install python3-optuna)';

export function optuna<T>(request: Record<string, unknown>): T {
  const r = spawnSync(PYTHON, [path.join(root, 'test/reference/optuna_oracle.py')], { input: JSON.stringify(request), encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`optuna_oracle.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

export function baseJob(): JobSpec {
  return buildJobSpec({
    name: 'search test',
    dataset: {
      id: 'd', name: 'd.csv', textColumn: 'text', labelColumn: 'label', labelKind: 'single',
      splitCounts: { train: 10, validation: 5, test: 5 }, splitMethod: 'fixed',
    },
    model: { source: 'local', id: 'tiny' },
    labelNames: ['a', 'b'],
    hyperparameters: structuredClone(DEFAULT_HYPERPARAMETERS) as JobSpec['hyperparameters'],
  });
}

export function toyStudy(space: SearchSpace, sampler: SamplerSpec, opts: { pruner?: PrunerSpec; direction?: 'maximize' | 'minimize'; trials?: number } = {}): Study {
  const direction = opts.direction ?? 'maximize';
  const spec: StudySpec = {
    version: 1, space, sampler, pruner: opts.pruner ?? { kind: 'none' },
    objective: { metric: direction === 'maximize' ? 'macro_f1' : 'loss', direction }, budget: { trials: opts.trials ?? 10 },
  };
  return createStudy(spec, baseJob());
}

/**
 * Runs a study on a cheap function: each trial reports `curve(params)` step by step (null = no report at
 * that step), is pruned when the pruner says so, and otherwise completes with its curve's last value.
 */
export function simulate(study: Study, curve: (p: TrialParams, trial: number) => (number | null)[]): Study {
  const n = study.spec.budget.trials!;
  for (let i = 0; i < n; i++) {
    const params = suggest(study);
    if (!params) break;
    const trial: Trial = { number: i, params, state: 'running', value: null, intermediate: {}, durationS: 0, jobId: `t${i}` };
    study.trials.push(trial);
    const values = curve(params, i);
    let pruned = false;
    for (let step = 0; step < values.length && !pruned; step++) {
      const v = values[step];
      if (v === null) continue;
      trial.intermediate[step] = v;
      pruned = shouldPrune(study, trial, step);
    }
    trial.state = pruned ? 'pruned' : 'complete';
    if (!pruned) trial.value = values.filter((v): v is number => v !== null).at(-1)!;
  }
  return study;
}

/** The toy objective the TPE test maximises (optimum 0 at lr 1e-3, n 7, c 'b'); the Python oracle has the same. */
export const TOY_SPACE: SearchSpace = {
  params: [
    { name: 'hyperparameters.learningRate', kind: 'float', low: 1e-5, high: 1e-1, log: true },
    { name: 'hyperparameters.epochs', kind: 'int', low: 1, high: 20 },
    { name: 'hyperparameters.schedule', kind: 'categorical', choices: ['linear', 'cosine', 'constant'] },
  ],
};

export function toyObjective(p: TrialParams): number {
  const lr = p['hyperparameters.learningRate'] as number;
  const n = p['hyperparameters.epochs'] as number;
  const c = p['hyperparameters.schedule'];
  return -((Math.log10(lr) + 3) ** 2 + 0.1 * (n - 7) ** 2 + (c === 'cosine' ? 0 : 1));
}
