export type TrainMode = 'single' | 'search';

/** One training run, or a hyperparameter search over many (each trial a run). */
export function TrainModeSwitch({ mode, onChange, disabled }: { mode: TrainMode; onChange: (m: TrainMode) => void; disabled?: boolean }) {
  return (
    <div className="train-mode" role="radiogroup" aria-label="Training mode" data-testid="train-mode">
      <label><input type="radio" name="train-mode" checked={mode === 'single'} disabled={disabled} onChange={() => onChange('single')} /> One training run</label>
      <label><input type="radio" name="train-mode" checked={mode === 'search'} disabled={disabled} onChange={() => onChange('search')} /> Search (tune hyperparameters)</label>
    </div>
  );
}
