/** The model open in the Use stage: its stored record and a ready predictor (disposed on change). */
import { useCallback, useEffect, useState } from 'react';
import { createPredictor, type Predictor } from '../../../core/predict/predictor';
import { loadTrainedModel, type TrainedModelRecord } from '../../storage/modelsStore';
import { ensureInferenceBackend } from './inferenceBackend';

export interface OpenModel {
  record: TrainedModelRecord | null;
  predictor: Predictor | null;
  backend: string | null;
  loading: boolean;
  error: string | null;
  /** Replaces the open record's thresholds in memory (after they were saved to IndexedDB). */
  setThresholds(t: TrainedModelRecord['thresholds']): void;
}

type OpenState = Omit<OpenModel, 'setThresholds'>;
const EMPTY: OpenState = { record: null, predictor: null, backend: null, loading: false, error: null };

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
      const backend = await ensureInferenceBackend();
      predictor = await createPredictor({ config: record.config, weights: record.weights, tokenizer: record.tokenizer, maxLength: record.maxLength });
      if (cancelled) { predictor.dispose(); return; }
      setState({ record, predictor, backend, loading: false, error: null });
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
