import type { Hyperparameters, MetricName, PresetName, SpecIssue } from '../../../core/spec/jobSpec';
import { FreezeSummary } from './FreezeSummary';
import type { TaskKind } from '../../../core/model/types';
import { presetHyperparametersFor, presetsFor } from '../../../core/spec/presets';
import { CheckField, FieldIssuesContext, ModeSelect, NumberField, SelectField, TextField } from './formFields';

export interface JobFormValue {
  name: string;
  /** 'auto': Auto's plan as it is; 'custom': a field was changed (from Auto's plan when `fromAuto`). */
  preset: PresetName | 'custom' | 'auto';
  hyperparameters: Hyperparameters;
  /** The settings started from Auto's plan: its decisions go into the JobSpec (changed ones marked). */
  fromAuto?: boolean;
}

interface Props {
  value: JobFormValue;
  onChange: (v: JobFormValue) => void;
  metrics: MetricName[];
  /** Class names in id order, for the custom class-weights field. */
  labelNames: string[];
  issues: SpecIssue[];
  disabled?: boolean;
  /** The chosen model's config.json model_type: presets differ per model family (spec/presets.ts). */
  modelType?: string;
  task?: TaskKind;
  /** Auto's hyperparameters for this model and data, once measured: offered as the first choice. */
  autoHyperparameters?: Hyperparameters | null;
}

const BACKENDS = [
  { value: 'auto', label: 'auto (WebGPU on a real GPU, else WebAssembly)' },
  { value: 'webgpu', label: 'webgpu' }, { value: 'wasm', label: 'wasm' }, { value: 'webgl', label: 'webgl' }, { value: 'cpu', label: 'cpu' },
] as const;

/** The job form: a preset, then every hyperparameter with its help text (from FIELD_HELP). */
export function JobForm({ value, onChange, metrics, labelNames, issues, disabled, modelType, task, autoHyperparameters }: Props) {
  const hp = value.hyperparameters;
  const set = (patch: Partial<Hyperparameters>) =>
    onChange({ ...value, preset: 'custom', hyperparameters: { ...hp, ...patch } });

  return (
    <FieldIssuesContext.Provider value={issues}>
      <fieldset className="job-form" disabled={disabled} data-testid="job-form">
        <legend>Job</legend>
        <div className="presets" role="radiogroup" aria-label="Preset">
          {autoHyperparameters && (
            <label className="preset" title="Chosen from the model and the data: see the Auto panel">
              <input type="radio" name="preset" checked={value.preset === 'auto'}
                onChange={() => onChange({ ...value, preset: 'auto', fromAuto: true, hyperparameters: { ...autoHyperparameters, backend: hp.backend } })} />
              <strong>Auto</strong> <small>Chosen from the model and your data (see above).</small>
            </label>
          )}
          {presetsFor(modelType).map((p) => (
            <label key={p.name} className="preset" title={p.help}>
              <input type="radio" name="preset" checked={value.preset === p.name}
                onChange={() => onChange({ ...value, preset: p.name, fromAuto: false, hyperparameters: { ...presetHyperparametersFor(modelType, p.name, task), backend: hp.backend } })} />
              <strong>{p.label}</strong> <small>{p.help}</small>
            </label>
          ))}
          {value.preset === 'custom' && <span className="preset-custom" data-testid="preset-custom">Custom settings</span>}
        </div>
        <TextField path="name" value={value.name} onChange={(name) => onChange({ ...value, name })} />
        <div className="field-grid">
          <NumberField path="hyperparameters.epochs" value={hp.epochs} min={1} step={1} onChange={(epochs) => set({ epochs })} />
          <NumberField path="hyperparameters.batchSize" value={hp.batchSize} min={1} step={1} onChange={(batchSize) => set({ batchSize })} />
          <NumberField path="hyperparameters.learningRate" value={hp.learningRate} min={0} onChange={(learningRate) => set({ learningRate })} />
          <NumberField path="hyperparameters.headLearningRate" value={hp.headLearningRate.value} min={0}
            before={<ModeSelect label="Head learning rate mode" value={hp.headLearningRate.mode} options={['multiplier', 'absolute'] as const}
              onChange={(mode) => set({ headLearningRate: { ...hp.headLearningRate, mode } })} />}
            onChange={(v) => set({ headLearningRate: { ...hp.headLearningRate, value: v } })} />
          <NumberField path="hyperparameters.weightDecay" value={hp.weightDecay} min={0} onChange={(weightDecay) => set({ weightDecay })} />
          <NumberField path="hyperparameters.warmup" value={hp.warmup.value} min={0}
            before={<ModeSelect label="Warmup mode" value={hp.warmup.mode} options={['ratio', 'steps'] as const}
              onChange={(mode) => set({ warmup: { ...hp.warmup, mode } })} />}
            onChange={(v) => set({ warmup: { ...hp.warmup, value: v } })} />
          <SelectField path="hyperparameters.schedule" value={hp.schedule} options={['linear', 'cosine', 'constant'] as const} onChange={(schedule) => set({ schedule })} />
          <NumberField path="hyperparameters.layerwiseLrDecay" value={hp.layerwiseLrDecay} min={0} max={1} onChange={(layerwiseLrDecay) => set({ layerwiseLrDecay })} />
          <CheckField path="hyperparameters.freeze.headOnly" value={hp.freeze.headOnly} onChange={(headOnly) => set({ freeze: { ...hp.freeze, headOnly } })} />
          <CheckField path="hyperparameters.freeze.embeddings" value={hp.freeze.embeddings} disabled={hp.freeze.headOnly} onChange={(embeddings) => set({ freeze: { ...hp.freeze, embeddings } })} />
          <NumberField path="hyperparameters.freeze.firstLayers" value={hp.freeze.firstLayers} min={0} step={1} disabled={hp.freeze.headOnly} onChange={(firstLayers) => set({ freeze: { ...hp.freeze, firstLayers } })} />
          <CheckField path="hyperparameters.gradualUnfreezing" value={hp.gradualUnfreezing} onChange={(gradualUnfreezing) => set({ gradualUnfreezing })} />
          <FreezeSummary hp={hp} />
          <NumberField path="hyperparameters.maxGradNorm" value={hp.maxGradNorm} min={0} onChange={(maxGradNorm) => set({ maxGradNorm })} />
          <NumberField path="hyperparameters.gradientAccumulationSteps" value={hp.gradientAccumulationSteps} min={1} step={1} onChange={(gradientAccumulationSteps) => set({ gradientAccumulationSteps })} />
          <NumberField path="hyperparameters.maxSequenceLength" value={hp.maxSequenceLength} min={8} step={1} onChange={(maxSequenceLength) => set({ maxSequenceLength })} />
          <NumberField path="hyperparameters.evaluation" value={hp.evaluation.everySteps} min={1} step={1} disabled={hp.evaluation.strategy === 'epoch'}
            before={<ModeSelect label="Evaluation strategy" value={hp.evaluation.strategy} options={['epoch', 'steps'] as const}
              onChange={(strategy) => set({ evaluation: { ...hp.evaluation, strategy } })} />}
            onChange={(everySteps) => set({ evaluation: { ...hp.evaluation, everySteps } })} />
          <NumberField path="hyperparameters.checkpoints" value={hp.checkpoints.keepLast} min={1} step={1}
            before={<>
              <ModeSelect label="Checkpoint strategy" value={hp.checkpoints.strategy} options={['epoch', 'steps'] as const}
                onChange={(strategy) => set({ checkpoints: { ...hp.checkpoints, strategy } })} />
              {hp.checkpoints.strategy === 'steps' && (
                <input type="number" aria-label="Checkpoint every N steps" min={1} value={hp.checkpoints.everySteps}
                  onChange={(e) => set({ checkpoints: { ...hp.checkpoints, everySteps: Number(e.target.value) } })} />
              )}
              <span>keep last</span>
            </>}
            onChange={(keepLast) => set({ checkpoints: { ...hp.checkpoints, keepLast } })} />
          <CheckField path="hyperparameters.earlyStopping" value={hp.earlyStopping.enabled} onChange={(enabled) => set({ earlyStopping: { ...hp.earlyStopping, enabled } })} />
          {hp.earlyStopping.enabled && (
            <div className="field-row early-stopping">
              <ModeSelect label="Early stopping metric" value={hp.earlyStopping.metric} options={metrics}
                onChange={(metric) => set({ earlyStopping: { ...hp.earlyStopping, metric } })} />
              <label>patience <input type="number" min={1} value={hp.earlyStopping.patience}
                onChange={(e) => set({ earlyStopping: { ...hp.earlyStopping, patience: Number(e.target.value) } })} /></label>
              <label>min delta <input type="number" min={0} step="any" value={hp.earlyStopping.minDelta}
                onChange={(e) => set({ earlyStopping: { ...hp.earlyStopping, minDelta: Number(e.target.value) } })} /></label>
            </div>
          )}
          <SelectField path="hyperparameters.classWeights" value={hp.classWeights.mode} options={['none', 'balanced', 'custom'] as const}
            onChange={(mode) => set({ classWeights: { ...hp.classWeights, mode } })} />
          {hp.classWeights.mode === 'custom' && (
            <label className="field-row">
              weights per class ({labelNames.join(', ')})
              <input type="text" aria-label="Custom class weights" defaultValue={hp.classWeights.custom.join(', ')} placeholder="1, 3"
                onChange={(e) => set({ classWeights: { ...hp.classWeights, custom: e.target.value.split(/[,\s]+/).filter(Boolean).map(Number) } })} />
            </label>
          )}
          <CheckField path="hyperparameters.oversampling" value={hp.oversampling} onChange={(oversampling) => set({ oversampling })} />
          <SelectField path="hyperparameters.decisionThreshold" value={hp.decisionThreshold} options={['argmax', 'tuned'] as const}
            onChange={(decisionThreshold) => set({ decisionThreshold })} />
          <NumberField path="hyperparameters.seed" value={hp.seed} step={1} onChange={(seed) => set({ seed })} />
          <SelectField path="hyperparameters.backend" value={hp.backend} options={BACKENDS} onChange={(backend) => set({ backend })} />
        </div>
        {issues.length > 0 && (
          <ul className="issues" role="alert" data-testid="spec-issues">
            {issues.map((i) => <li key={i.path + i.message}><code>{i.path}</code>: {i.message}</li>)}
          </ul>
        )}
      </fieldset>
    </FieldIssuesContext.Provider>
  );
}
