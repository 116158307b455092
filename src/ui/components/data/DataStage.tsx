import { useCallback, useEffect, useState } from 'react';
import { useStudio, useStudioStore } from '../../store/context';
import { useDataset, type LoadedDataset } from '../../hooks/useDataset';
import { useDatasetImport } from '../../hooks/useDatasetImport';
import { useDatasetList } from '../../hooks/useDatasetList';
import { DatasetList } from './DatasetList';
import { DatasetWorkspace } from './DatasetWorkspace';
import { DropZone } from './DropZone';
import { ImportStatus } from './ImportStatus';

/** Remembers which dataset was open, so a reload opens it again (the studio store lives in memory). */
const LAST_DATASET_KEY = 'finetune-studio.datasetId';

/** The data stage: bring a dataset in, look at it, map, clean, label and split it. Saved in IndexedDB. */
export function DataStage() {
  const store = useStudioStore();
  const datasetId = useStudio((s) => s.datasetId);
  const list = useDatasetList();
  const [restored, setRestored] = useState(false);
  const [justImported, setJustImported] = useState<LoadedDataset | null>(null);
  const open = useDataset(datasetId, justImported);

  const choose = useCallback((id: string | null) => {
    store.set({ datasetId: id });
    if (id) localStorage.setItem(LAST_DATASET_KEY, id);
    else localStorage.removeItem(LAST_DATASET_KEY);
  }, [store]);

  // After a reload: open the dataset that was open before.
  useEffect(() => {
    if (restored || datasetId) return;
    const last = localStorage.getItem(LAST_DATASET_KEY);
    if (last && list.datasets.some((d) => d.id === last)) { choose(last); setRestored(true); }
    else if (list.datasets.length > 0) setRestored(true);
  }, [restored, datasetId, list.datasets, choose]);

  const { refresh } = list;
  const onImported = useCallback((d: LoadedDataset) => {
    setJustImported(d);
    choose(d.record.id);
    void refresh();
  }, [choose, refresh]);
  const importer = useDatasetImport(onImported);
  const busy = importer.state.progress !== null;

  // The list shows names and row counts; refresh it when the open dataset is saved under a new name.
  const openName = open.dataset?.name;
  useEffect(() => { if (openName !== undefined && open.saveStatus === 'saved') void refresh(); }, [openName, open.saveStatus, refresh]);

  return (
    <section aria-label="Data" className="data-stage">
      <h2>Data</h2>
      <DropZone onFile={(f) => void importer.importFile(f)} onSample={() => void importer.importSample()} disabled={busy} />
      <ImportStatus state={importer.state} onCancel={importer.cancel} />
      {list.error && <p className="error" role="alert">{list.error}</p>}
      <DatasetList
        datasets={list.datasets}
        currentId={datasetId}
        onOpen={(id) => {
          if (id === datasetId) return;
          setJustImported(null); // from now on datasets are read from IndexedDB
          choose(id);
        }}
        onRename={(id, name) => {
          if (id === datasetId) open.update({ name });
          else void list.rename(id, name);
        }}
        onDelete={(id) => {
          if (id === datasetId) { open.discard(); setJustImported(null); choose(null); }
          void list.remove(id);
        }}
      />
      {open.loading && <p aria-live="polite">Opening the dataset…</p>}
      {open.error && <p className="error" role="alert">{open.error}</p>}
      {open.dataset && open.packed && (
        // keyed by dataset: nothing computed for one dataset (view, drafts, labelling) may leak into another
        <DatasetWorkspace key={open.dataset.id} record={open.dataset} packed={open.packed}
          saveStatus={open.saveStatus} update={open.update} />
      )}
    </section>
  );
}
