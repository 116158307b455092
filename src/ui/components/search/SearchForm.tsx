import type { ReactNode } from 'react';
import { studyBaseTrial } from '../../../core/search/baseTrial';
import type { SearchParam } from '../../../core/search/space';
import type { PrunerKind, SamplerKind, StudySpec } from '../../../core/search/study';
import { metricIsLowerBetter, type JobSpec, type MetricName, type SpecIssue } from '../../../core/spec/jobSpec';
import { ParamRow } from './ParamRow';
import { addableParams, fieldWords, issuesAt, newParam, paramLabel, withPruner, withSampler, withTrials } from './searchDraft';

interface Props {
  value: StudySpec;
  onChange: (s: StudySpec) => void;
  baseJob: JobSpec | null;
  metrics: MetricName[];
  issues: SpecIssue[];
  disabled: boolean;
}

const optionalNumber = (s: string) => (s.trim() === '' ? undefined : Number(s));

function Field({ label, path, issues, children }: { label: string; path: string; issues: SpecIssue[]; children: ReactNode }) {
  const mine = issuesAt(issues, path);
  return (
    <label className={mine.length ? 'field field-invalid' : 'field'} data-testid={`search-field-${path}`}>
      <span>{label}</span>
      {children}
      {mine.map((i) => <small key={i.path + i.message} className="field-issue" role="alert">{i.message}</small>)}
    </label>
  );
}

function PrunerFields({ value, onChange, issues }: { value: StudySpec; onChange: (s: StudySpec) => void; issues: SpecIssue[] }) {
  const p = value.pruner;
  const set = (k: string, v: string) => onChange({ ...value, pruner: { ...p, [k]: optionalNumber(v) } as StudySpec['pruner'] });
  const num = (k: string, label: string) => (
    <Field label={label} path={`pruner.${k}`} issues={issues}>
      <input type="number" step={1} value={(p as unknown as Record<string, number>)[k] ?? ''} onChange={(e) => set(k, e.target.value)} />
    </Field>
  );
  if (p.kind === 'median') return <>{num('nStartupTrials', 'Complete trials before pruning')}{num('nWarmupSteps', 'Warm-up evaluations')}</>;
  if (p.kind === 'asha') return <>{num('minResource', 'First rung (evaluations)')}{num('reductionFactor', 'Reduction factor η')}</>;
  return null;
}

function BudgetFields({ value, onChange, issues }: { value: StudySpec; onChange: (s: StudySpec) => void; issues: SpecIssue[] }) {
  const minutes = (v: string) => {
    const budget = { ...value.budget, minutes: optionalNumber(v) };
    if (budget.minutes === undefined) delete budget.minutes;
    onChange({ ...value, budget });
  };
  return (
    <>
      <Field label="Budget: trials" path="budget.trials" issues={issues}>
        <input type="number" min={0} step={1} value={value.budget.trials ?? ''} onChange={(e) => onChange(withTrials(value, optionalNumber(e.target.value)))} />
      </Field>
      <Field label="Budget: minutes (optional)" path="budget.minutes" issues={issues}>
        <input type="number" min={0} step="any" value={value.budget.minutes ?? ''} onChange={(e) => minutes(e.target.value)} />
      </Field>
      {issuesAt(issues, 'budget').filter((i) => i.path === 'budget').map((i) => <small key={i.message} className="field-issue" role="alert">{i.message}</small>)}
    </>
  );
}

function SpaceTable({ value, onChange, baseJob, issues, disabled }: Props) {
  const setParam = (i: number, p: SearchParam) => onChange({ ...value, space: { params: value.space.params.map((q, j) => (j === i ? p : q)) } });
  const remove = (i: number) => onChange({ ...value, space: { params: value.space.params.filter((_, j) => j !== i) } });
  const add = (name: string) => baseJob && onChange({ ...value, space: { params: [...value.space.params, newParam(name, baseJob)] } });
  return (
    <>
      <table className="search-space" data-testid="search-space">
        <thead><tr><th>Parameter</th><th>Low</th><th>High</th><th>Scale</th><th>Kind</th><th /><th /></tr></thead>
        <tbody>
          {value.space.params.map((p, i) => (
            <ParamRow key={`${p.name}-${i}`} param={p} index={i} issues={issuesAt(issues, `space.params[${i}]`)} disabled={disabled}
              onChange={(q) => setParam(i, q)} onRemove={() => remove(i)} />
          ))}
        </tbody>
      </table>
      {issues.filter((i) => i.path === 'space.params' || i.path === 'space').map((i) => (
        <p key={i.message} className="field-issue" role="alert">{i.message}</p>
      ))}
      <label className="field-row">Add a parameter to tune{' '}
        <select aria-label="Add a parameter" value="" disabled={disabled || !baseJob} onChange={(e) => add(e.target.value)}>
          <option value="">choose…</option>
          {addableParams(value).map((n) => <option key={n} value={n}>{paramLabel(n)}</option>)}
        </select>
      </label>
    </>
  );
}

/** Trial 0 = the job above (StudySpec.baseTrial); says why it cannot be when a value lies outside the space. */
function BaseTrialField({ value, onChange, baseJob }: Pick<Props, 'value' | 'onChange' | 'baseJob'>) {
  const grid = value.sampler.kind === 'grid';
  const fit = baseJob ? studyBaseTrial(value, baseJob) : null;
  return (
    <label className="field-row" data-testid="search-base-trial">
      <input type="checkbox" checked={!grid && value.baseTrial === true} disabled={grid}
        onChange={(e) => onChange({ ...value, baseTrial: e.target.checked })} />
      {' '}Trial 0 runs the job above as it is, so the search keeps it unless a trial does better on validation
      {grid && <small> (not with a grid, which runs every combination)</small>}
      {fit && 'why' in fit && <small className="field-issue"> — not possible with this space ({fit.why}): trial 0 is sampled</small>}
    </label>
  );
}

/** What to tune, how much to spend, and how: the study spec, every problem next to its field and listed below. */
export function SearchForm(props: Props) {
  const { value, onChange, metrics, issues, disabled } = props;
  const setMetric = (metric: MetricName) => onChange({ ...value, objective: { metric, direction: metricIsLowerBetter(metric) ? 'minimize' : 'maximize' } });
  return (
    <fieldset className="search-form" disabled={disabled} data-testid="search-form">
      <legend>Search</legend>
      <p className="help">Each trial is a training run of the job above with the sampled values; the search keeps the trial with the best validation score (the test split is scored once, for the model you keep).</p>
      <SpaceTable {...props} />
      <BaseTrialField value={value} onChange={onChange} baseJob={props.baseJob} />
      <div className="field-grid">
        <BudgetFields value={value} onChange={onChange} issues={issues} />
        <Field label="Sampler" path="sampler.kind" issues={issues}>
          <select value={value.sampler.kind} onChange={(e) => onChange(withSampler(value, e.target.value as SamplerKind))}>
            <option value="tpe">Bayesian (TPE)</option><option value="random">random</option><option value="grid">grid</option>
          </select>
        </Field>
        <Field label="Pruner" path="pruner.kind" issues={issues}>
          <select value={value.pruner.kind} onChange={(e) => onChange(withPruner(value, e.target.value as PrunerKind))}>
            <option value="median">median</option><option value="asha">successive halving (ASHA)</option><option value="none">none</option>
          </select>
        </Field>
        <PrunerFields value={value} onChange={onChange} issues={issues} />
        <Field label="Objective (validation)" path="objective.metric" issues={issues}>
          <select value={value.objective.metric} onChange={(e) => setMetric(e.target.value as MetricName)}>
            {metrics.map((m) => <option key={m} value={m}>{m} ({metricIsLowerBetter(m) ? 'lower' : 'higher'} is better)</option>)}
          </select>
        </Field>
        <Field label="Search seed" path="sampler.seed" issues={issues}>
          <input type="number" step={1} value={Number.isFinite(value.sampler.seed) ? value.sampler.seed : ''}
            onChange={(e) => onChange({ ...value, sampler: { ...value.sampler, seed: optionalNumber(e.target.value) ?? NaN } })} />
        </Field>
      </div>
      {issues.length > 0 && (
        <ul className="issues" role="alert" data-testid="search-issues">
          {issues.map((i) => <li key={i.path + i.message}><strong>{fieldWords(i.path, value)}</strong> <code>{i.path}</code>: {i.message}</li>)}
        </ul>
      )}
    </fieldset>
  );
}
