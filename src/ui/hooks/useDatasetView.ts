import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DatasetRecord } from '../../core/data/dataset';
import type { DatasetChoices, DatasetView } from '../../worker/datasetView';
import { createDatasetViewClient, type DatasetViewClient } from '../../worker/datasetViewClient';
import type { PackedTable } from '../../core/data/packedTable';

export type { DatasetView, PreparedView, Derived } from '../../worker/datasetView';

export interface UseDatasetView {
  /** The latest computed view; null until the first answer. */
  view: DatasetView | null;
  /** True while the worker computes a newer view than the one shown. */
  computing: boolean;
  error: string | null;
  /** The labelled dataset as CSV (computed in the worker). */
  labelledCsv(): Promise<string>;
}

/** Changes gathered before asking the worker again (typing a seed is one request, not five). */
const VIEW_DEBOUNCE_MS = 80;

function sameCodes(a: Uint8Array | null, b: Uint8Array): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Everything the data stage shows about the open dataset, computed by the data core in the dataset-view
 * worker (a 100 MB table's profile, cleaning and split take seconds: the page stays responsive).
 * Also keeps the record complete: the suggested mapping is adopted when none was chosen yet, and the
 * split codes are stored whenever the choices change them (the train stage reads them from IndexedDB).
 */
export function useDatasetView(
  record: DatasetRecord, packed: PackedTable[], update: (patch: Partial<DatasetRecord>) => void,
): UseDatasetView {
  const [client, setClient] = useState<DatasetViewClient | null>(null);
  const [view, setView] = useState<DatasetView | null>(null);
  const [computing, setComputing] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);

  // One worker per open table.
  const tableKey = record.id;
  useEffect(() => {
    const c = createDatasetViewClient();
    const ctrl = new AbortController();
    setView(null);
    void c.open(tableKey, packed, ctrl.signal).then(() => { if (!ctrl.signal.aborted) setClient(c); });
    return () => { ctrl.abort(); c.dispose(); setClient(null); };
  }, [tableKey, packed]);

  const { name, mapping, cleaning, labelEdits, manualLabels, split } = record;
  const choices = useMemo<DatasetChoices>(
    () => ({ name, mapping, cleaning, labelEdits, manualLabels, split }),
    [name, mapping, cleaning, labelEdits, manualLabels, split],
  );

  useEffect(() => {
    if (!client) return;
    const id = ++latest.current;
    setComputing(true);
    const timer = setTimeout(() => {
      client.view(tableKey, choices).then(
        (v) => { if (id === latest.current) { setView(v); setError(null); setComputing(false); } },
        (e: unknown) => { if (id === latest.current) { setError(e instanceof Error ? e.message : String(e)); setComputing(false); } },
      );
    }, VIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [client, tableKey, choices]);

  const suggested = view?.suggestion.ok ? view.suggestion.value.mapping : null;
  useEffect(() => {
    if (!mapping && suggested) {
      update({ mapping: suggested, ...(suggested.splitColumn ? { split: { mode: 'column', column: suggested.splitColumn } } : {}) });
    }
  }, [mapping, suggested, update]);

  const codes = !computing && view?.prepared?.ok ? view.prepared.value.splitCodes : null;
  useEffect(() => {
    if (codes && !sameCodes(record.splitCodes, codes)) update({ splitCodes: codes });
  }, [codes, record.splitCodes, update]);

  const labelledCsv = useCallback(() => {
    if (!client) return Promise.reject(new Error('The dataset is still opening.'));
    return client.labelledCsv(tableKey, choices);
  }, [client, tableKey, choices]);

  return { view, computing, error, labelledCsv };
}
