/**
 * The Train stage's first view for a newcomer: what Auto chose from the model and the data and why, the
 * length histogram with its cut-off, and how long the run should take. Every choice can be changed under
 * Advanced; a changed one is marked here.
 */
import { estimateSeconds, reconcileDecisions, type AutoInputs, type AutoPlan } from '../../../core/auto';
import { FIELD_HELP, type Hyperparameters } from '../../../core/spec/jobSpec';
import { LengthHistogram } from './LengthHistogram';

interface Props {
  plan: AutoPlan | null;
  inputs: AutoInputs | null;
  error: string | null;
  /** The hyperparameters the job will run with (Auto's, or what Advanced changed). */
  hyperparameters: Hyperparameters;
  /** Rows the run trains and evaluates on (after a quick-trial sample). */
  rows: { train: number; validation: number };
  /** Whether the job follows Auto (false once a preset is chosen under Advanced). */
  active: boolean;
}

function duration(seconds: number): string {
  if (seconds < 60) return 'under a minute';
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min`;
  return `about ${(seconds / 3600).toFixed(1)} h`;
}

/** Decision fields that are a part of a form field, named as a person reads them. */
const PART_LABELS: Record<string, string> = {
  'dataset.splitMethod': 'Duplicates',
  'hyperparameters.classWeights.mode': 'Class weights',
  'hyperparameters.earlyStopping.metric': 'Best epoch by',
};

const labelOf = (field: string) => PART_LABELS[field] ?? FIELD_HELP[field]?.label ?? field.replace(/^hyperparameters\./, '');

export function AutoPanel({ plan, inputs, error, hyperparameters, rows, active }: Props) {
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!plan || !inputs) return <p className="auto-panel" data-testid="auto-loading">Auto is measuring the texts…</p>;
  const decisions = reconcileDecisions(plan.decisions, hyperparameters);
  const seconds = estimateSeconds({ model: inputs.model, hp: hyperparameters, lengths: inputs.trainTokenLengths, trainRows: rows.train, validationRows: rows.validation });
  return (
    <section className="auto-panel" aria-label="Auto" data-testid="auto-panel" data-active={active}>
      <h3>Auto {active ? '' : <small>(not in use: a preset is chosen under Advanced)</small>}</h3>
      <p>Settings chosen from the model and your data. Change any of them under <em>Advanced</em>.</p>
      <ul className="auto-decisions" data-testid="auto-decisions">
        {decisions.map((d) => (
          <li key={d.field} data-field={d.field} data-overridden={d.overridden ? 'true' : 'false'}>
            <strong>{labelOf(d.field)}: {String(d.value)}</strong>{d.overridden && <em> — changed under Advanced</em>}
            <br /><small>{d.why}</small>
          </li>
        ))}
      </ul>
      <LengthHistogram lengths={plan.lengths} maxLength={hyperparameters.maxSequenceLength} />
      <p data-testid="auto-estimate">
        Estimated time: <strong>{duration(seconds)}</strong> on a 2-core laptop CPU
        <small> ({hyperparameters.epochs} epochs × {rows.train} train rows × their mean token count after the cut, over the training speed
          bench:engine and bench:quality measured on such a CPU; a GPU is faster. Once training starts the live ETA replaces it.)</small>
      </p>
    </section>
  );
}
