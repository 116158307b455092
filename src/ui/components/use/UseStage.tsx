/**
 * The Use stage: the models kept in this browser (trained or imported), and for the open one a playground,
 * threshold tuning, batch prediction and downloads other tools load.
 */
import { useStudio, useStudioStore } from '../../store/context';
import { ModelsList } from './ModelsList';
import { ImportModel } from './ImportModel';
import { Playground } from './Playground';
import { BatchPredict } from './BatchPredict';
import { Downloads } from './Downloads';
import { ThresholdTuner } from './ThresholdTuner';
import { ConfidenceCutoff } from './ConfidenceCutoff';
import type { OpenRecord } from './useOpenModel';
import type { Predictor } from '../../../core/predict/predictor';
import type { Thresholds } from '../../../core/export/types';
import { useModels } from './useModels';
import { useOpenModel } from './useOpenModel';

/**
 * How predictions are decided, per task: a tuned threshold (binary) or one per label, one-vs-rest (multi-label);
 * a confidence cut-off with an "uncertain" outcome (single-label, more than two classes); nothing for regression.
 */
function DecisionRule({ record, predictor, onSaved }: { record: OpenRecord; predictor: Predictor; onSaved(t: Thresholds | undefined): void }) {
  if (record.task === 'regression') {
    return <p className="muted" data-testid="why-no-thresholds">Decision thresholds do not apply: this model predicts a number, not a class.</p>;
  }
  if (record.task === 'single_label_classification' && record.labelNames.length > 2) {
    return <ConfidenceCutoff record={record} predictor={predictor} onSaved={onSaved} />;
  }
  return <ThresholdTuner record={record} predictor={predictor} onSaved={onSaved} />;
}

export function UseStage() {
  const store = useStudioStore();
  const openId = useStudio((s) => s.trainedModelId);
  const models = useModels();
  const open = useOpenModel(openId);
  const { record, predictor } = open;

  return (
    <section aria-label="Use">
      <h2>Use</h2>
      {models.error && <p role="alert">{models.error}</p>}
      <ModelsList
        models={models.models} storage={models.storage} openId={openId}
        onOpen={(id) => store.set({ trainedModelId: id })}
        onDelete={(id) => {
          if (id === openId) store.set({ trainedModelId: null });
          void models.remove(id);
        }}
      />
      <ImportModel onImported={async (r) => { await models.add(r); store.set({ trainedModelId: r.id }); }} />
      {open.loading && <p role="status">Opening the model…</p>}
      {open.error && <p role="alert">{open.error}</p>}
      {record && predictor && (
        <div className="use-workbench" data-testid="use-workbench">
          <h3>{record.name}</h3>
          <p>
            {record.config.model_type} · {record.task.replace(/_/g, ' ')} · labels: {record.labelNames.join(', ') || '—'} ·
            max {record.maxLength} tokens ·{' '}
            <span data-testid="predict-where">
              {open.onPageBecause ? `predicting on ${open.backend} on this page` : `predicting on ${open.backend} in a Web Worker`}
            </span>
          </p>
          {open.onPageBecause && (
            <p role="status">Predictions run on this page because {open.onPageBecause}; long files may make the tab stop responding until they finish.</p>
          )}
          <Playground record={record} predictor={predictor} />
          <DecisionRule record={record} predictor={predictor} onSaved={(t) => { open.setThresholds(t); void models.refresh(); }} />
          <BatchPredict record={record} predictor={predictor} />
          <Downloads record={record} />
        </div>
      )}
    </section>
  );
}
