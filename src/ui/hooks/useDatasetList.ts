import { useCallback, useEffect, useState } from 'react';
import { deleteDataset, listDatasets, renameDataset, type DatasetSummary } from '../../storage/datasetStore';

/** The datasets stored in this browser, newest first, with rename and delete. */
export function useDatasetList() {
  const [datasets, setDatasets] = useState<DatasetSummary[]>([]);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setDatasets(await listDatasets());
    } catch (e) {
      setError(`Could not read the stored datasets: ${String(e)}`);
    }
  }, []);

  useEffect(() => { void refresh(); }, [refresh]);

  const rename = useCallback(async (id: string, name: string) => {
    await renameDataset(id, name);
    await refresh();
  }, [refresh]);

  const remove = useCallback(async (id: string) => {
    await deleteDataset(id);
    await refresh();
  }, [refresh]);

  return { datasets, error, refresh, rename, remove };
}
