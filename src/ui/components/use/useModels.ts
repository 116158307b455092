/** The stored models list and the storage meter, refreshed after every change. */
import { useCallback, useEffect, useState } from 'react';
import { deleteTrainedModel, listTrainedModels, saveTrainedModel, storageUse, type StorageUse, type TrainedModelRecord, type TrainedModelSummary } from '../../../storage/modelsStore';

export interface ModelsState {
  models: TrainedModelSummary[];
  storage: StorageUse | null;
  error: string | null;
  loaded: boolean;
  refresh(): Promise<void>;
  remove(id: string): Promise<void>;
  add(record: TrainedModelRecord): Promise<string>;
}

export function useModels(): ModelsState {
  const [models, setModels] = useState<TrainedModelSummary[]>([]);
  const [storage, setStorage] = useState<StorageUse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);

  const refresh = useCallback(async () => {
    try {
      const [list, use] = await Promise.all([listTrainedModels(), storageUse()]);
      setModels(list);
      setStorage(use);
      setError(null);
    } catch (e) {
      setError(`Could not read the stored models: ${(e as Error).message}`);
    } finally {
      setLoaded(true);
    }
  }, []);

  useEffect(() => { void refresh(); }, [refresh]);

  const remove = useCallback(async (id: string) => {
    await deleteTrainedModel(id);
    await refresh();
  }, [refresh]);

  const add = useCallback(async (record: TrainedModelRecord) => {
    const id = await saveTrainedModel(record);
    await refresh();
    return id;
  }, [refresh]);

  return { models, storage, error, loaded, refresh, remove, add };
}
