import type { SplitLimits } from './splitLimits';

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
        <label htmlFor="max-train">Max train examples</label>
        <input id="max-train" type="number" min={0} step={1} value={value.train}
          onChange={(e) => onChange({ ...value, train: toCount(e.target.value) })} />
        <small className="help">Train on a seeded sample of this many train rows (0 = all): minutes instead of hours to see whether the setup works.</small>
      </div>
      <div className="field" data-testid="field-maxEvalExamples">
        <label htmlFor="max-eval">Max validation / test examples</label>
        <input id="max-eval" type="number" min={0} step={1} value={value.evaluation}
          onChange={(e) => onChange({ ...value, evaluation: toCount(e.target.value) })} />
        <small className="help">Score on a seeded sample of this many rows of each of validation and test (0 = all). Faster, but the scores are rougher — keep 0 for a real run.</small>
      </div>
    </fieldset>
  );
}
