import { useCallback, useEffect, useRef, useState } from 'react';
import type { DatasetRecord } from '../../core/data/dataset';
import type { IDBPDatabase } from 'idb';
import { openStudioDb } from '../../storage/db';
import { loadDatasetParts, saveDatasetRecord, stashUnsaved, takeUnsaved } from '../../storage/datasetStore';
import type { PackedTable } from '../../core/data/packedTable';

export type SaveStatus = 'saved' | 'saving' | 'error';

export interface UseDataset {
  /** null while nothing is chosen or it is loading. */
  dataset: DatasetRecord | null;
  /** The same table as packed chunks, for the dataset-view worker; set together with `dataset`. */
  packed: PackedTable[] | null;
  loading: boolean;
  error: string | null;
  saveStatus: SaveStatus;
  /** Changes the record now (in memory) and saves it to IndexedDB shortly after (debounced). */
  update(patch: Partial<DatasetRecord> | ((r: DatasetRecord) => Partial<DatasetRecord>)): void;
  /** Forgets unsaved edits (before deleting the dataset, so a late save cannot bring it back). */
  discard(): void;
}

/** How long edits are gathered before one IndexedDB write: typing a seed or a class name is not 10 writes. */
const SAVE_DEBOUNCE_MS = 300;

/** The open dataset: loaded from IndexedDB by id, edited in memory, saved back debounced. */
export interface LoadedDataset {
  record: DatasetRecord;
  packed: PackedTable[];
}

/**
 * The open dataset: loaded from IndexedDB by id, edited in memory, saved back debounced. `justImported`
 * is a dataset the page already holds (from the import): used as is instead of reading it back.
 */
export function useDataset(id: string | null, justImported: LoadedDataset | null = null): UseDataset {
  const [dataset, setDataset] = useState<DatasetRecord | null>(null);
  const [packed, setPacked] = useState<PackedTable[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saveStatus, setSaveStatus] = useState<SaveStatus>('saved');
  const pending = useRef<{ record: DatasetRecord; timer: ReturnType<typeof setTimeout> } | null>(null);
  // A connection kept open while the stage is shown, so a save can start without waiting for an open.
  const db = useRef<IDBPDatabase | null>(null);
  useEffect(() => {
    let closed = false;
    openStudioDb().then((d) => { if (closed) d.close(); else db.current = d; }, () => {});
    return () => { closed = true; db.current?.close(); db.current = null; };
  }, []);

  const flush = useCallback(() => {
    const p = pending.current;
    if (!p) return;
    clearTimeout(p.timer);
    pending.current = null;
    saveDatasetRecord(p.record, db.current).then(
      () => { if (!pending.current) setSaveStatus('saved'); },
      (e: unknown) => { setSaveStatus('error'); setError(`Could not save the dataset in this browser: ${String(e)}`); },
    );
  }, []);

  useEffect(() => {
    let cancelled = false;
    setDataset(null);
    setPacked(null);
    setError(null);
    if (!id) return;
    if (justImported?.record.id === id) {
      setDataset(justImported.record);
      setPacked(justImported.packed);
      return () => flush();
    }
    setLoading(true);
    loadDatasetParts(id).then(
      (d) => {
        if (cancelled) return;
        setLoading(false);
        if (!d) { setError(`Dataset ${id} is not in this browser's storage any more.`); return; }
        const unsaved = takeUnsaved(id);
        const record = unsaved ? { ...d.record, ...unsaved } : d.record;
        if (unsaved) void saveDatasetRecord(record, db.current).catch(() => {});
        setDataset(record);
        setPacked(d.packed);
      },
      (e: unknown) => { if (!cancelled) { setLoading(false); setError(`Could not open the dataset: ${String(e)}`); } },
    );
    return () => { cancelled = true; flush(); };
  }, [id, justImported, flush]);

  // Leaving the page with an edit pending: stash it synchronously, and start the IndexedDB write.
  useEffect(() => {
    const onHide = () => {
      if (pending.current) stashUnsaved(pending.current.record);
      flush();
    };
    window.addEventListener('pagehide', onHide);
    return () => window.removeEventListener('pagehide', onHide);
  }, [flush]);

  const update = useCallback<UseDataset['update']>((patch) => {
    setDataset((d) => {
      if (!d) return d;
      const next = { ...d, ...(typeof patch === 'function' ? patch(d) : patch) };
      if (pending.current) clearTimeout(pending.current.timer);
      pending.current = { record: next, timer: setTimeout(flush, SAVE_DEBOUNCE_MS) };
      return next;
    });
    setSaveStatus('saving');
  }, [flush]);

  const discard = useCallback(() => {
    if (pending.current) clearTimeout(pending.current.timer);
    pending.current = null;
    setSaveStatus('saved');
  }, []);

  return { dataset, packed, loading, error, saveStatus, update, discard };
}
