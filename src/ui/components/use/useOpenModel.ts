/** The model open in the Use stage: its stored record and a ready predictor (disposed on change). */
import { useCallback, useEffect, useState } from 'react';
import { createPredictor, type Predictor, type PredictorInput } from '../../../core/predict/predictor';
import { loadTrainedModel, type TrainedModelRecord } from '../../../storage/modelsStore';
import { ensureInferenceBackend } from './inferenceBackend';
import { openPredictorInWorker, PredictWorkerUnavailableError } from '../../../worker/predictClient';

/**
 * The open model's record without its weights: once they are in the predictor (sent to the worker, or loaded
 * into tfjs), the page lets go of its copy — for a base-size model that is 440 MB.
 */
export type OpenRecord = Omit<TrainedModelRecord, 'weights'>;

export interface OpenModel {
  record: OpenRecord | null;
  predictor: Predictor | null;
  backend: string | null;
  /** Why predictions run on the page instead of in a worker; null when they run in a worker. */
  onPageBecause: string | null;
  loading: boolean;
  error: string | null;
  /** Replaces the open record's thresholds in memory (after they were saved to IndexedDB). */
  setThresholds(t: TrainedModelRecord['thresholds']): void;
}

type OpenState = Omit<OpenModel, 'setThresholds'>;
const EMPTY: OpenState = { record: null, predictor: null, backend: null, onPageBecause: null, loading: false, error: null };

/**
 * A predictor in the prediction worker (the page stays responsive while it computes); on the page only when
 * no worker can run it. A bad model is an error either way, not a reason to fall back.
 */
async function openPredictor(input: PredictorInput): Promise<Pick<OpenState, 'predictor' | 'backend' | 'onPageBecause'>> {
  try {
    const predictor = await openPredictorInWorker(input);
    return { predictor, backend: predictor.backend, onPageBecause: null };
  } catch (e) {
    if (!(e instanceof PredictWorkerUnavailableError)) throw e;
    const backend = await ensureInferenceBackend();
    return { predictor: await createPredictor(input), backend, onPageBecause: e.message };
  }
}

export function useOpenModel(id: string | null): OpenModel {
  const [state, setState] = useState<OpenState>(EMPTY);

  useEffect(() => {
    if (!id) { setState(EMPTY); return; }
    let cancelled = false;
    let predictor: Predictor | null = null;
    setState({ ...EMPTY, loading: true });
    (async () => {
      const record = await loadTrainedModel(id);
      if (!record) throw new Error('This model is no longer in the browser storage.');
      const { weights, ...withoutWeights } = record;
      const opened = await openPredictor({ config: record.config, weights, tokenizer: record.tokenizer, maxLength: record.maxLength });
      predictor = opened.predictor;
      if (cancelled) { predictor?.dispose(); return; }
      setState({ record: withoutWeights, ...opened, loading: false, error: null });
    })().catch((e: unknown) => {
      if (!cancelled) setState({ ...EMPTY, error: `Could not open the model: ${(e as Error).message}` });
    });
    return () => {
      cancelled = true;
      predictor?.dispose();
    };
  }, [id]);

  const setThresholds = useCallback((thresholds: TrainedModelRecord['thresholds']) => {
    setState((s) => (s.record ? { ...s, record: { ...s.record, thresholds } } : s));
  }, []);
  return { ...state, setThresholds };
}
