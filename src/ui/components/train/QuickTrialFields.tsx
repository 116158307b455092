import { FIELD_HELP, type SplitLimits } from '../../../core/spec/jobSpec';

interface Props {
  value: SplitLimits;
  onChange: (v: SplitLimits) => void;
  disabled?: boolean;
}

const toCount = (s: string) => Math.max(0, Math.floor(Number(s) || 0));

/** Sampling limits for a quick trial run; 0 keeps the whole split. */
export function QuickTrialFields({ value, onChange, disabled }: Props) {
  return (
    <fieldset className="quick-trial" disabled={disabled} data-testid="quick-trial">
      <legend>Quick trial (optional)</legend>
      <div className="field" data-testid="field-maxTrainExamples">
        <label htmlFor="max-train">{FIELD_HELP['dataset.limits.train'].label}</label>
        <input id="max-train" type="number" min={0} step={1} value={value.train}
          onChange={(e) => onChange({ ...value, train: toCount(e.target.value) })} />
        <small className="help">{FIELD_HELP['dataset.limits.train'].help}</small>
      </div>
      <div className="field" data-testid="field-maxEvalExamples">
        <label htmlFor="max-eval">{FIELD_HELP['dataset.limits.evaluation'].label}</label>
        <input id="max-eval" type="number" min={0} step={1} value={value.evaluation}
          onChange={(e) => onChange({ ...value, evaluation: toCount(e.target.value) })} />
        <small className="help">{FIELD_HELP['dataset.limits.evaluation'].help}</small>
      </div>
    </fieldset>
  );
}
