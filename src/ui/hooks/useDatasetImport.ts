import { useCallback, useEffect, useRef, useState } from 'react';
import type { ColumnMapping, ParseIssue, RawTable } from '../../core/data/types';
import { parseFileInWorker, type ParseProgress } from '../../worker/parseClient';
import { createDataset } from '../../storage/datasetStore';
import type { LoadedDataset } from './useDataset';

export interface ImportState {
  /** 0..1 while a file is being read and parsed; null when idle. */
  progress: number | null;
  fileName: string | null;
  /** Why the last file could not be used (the message names the file, and the row when there is one). */
  error: string | null;
  /** Problems in the last file that did not stop it (shown with their row numbers). */
  issues: ParseIssue[];
}

const IDLE: ImportState = { progress: null, fileName: null, error: null, issues: [] };

/** Where the bundled sample lives (public/samples, served next to index.html). */
export const SAMPLE_URL = `${import.meta.env.BASE_URL}samples/sms_spam.csv`;

function errorMessage(e: unknown): string {
  return e instanceof Error || (typeof e === 'object' && e !== null && 'message' in e)
    ? String((e as { message: unknown }).message)
    : String(e);
}

/** Reads a CSV/TSV in the parse worker (with progress and cancel) and stores it as a new dataset. */
export function useDatasetImport(onImported: (dataset: LoadedDataset) => void) {
  const [state, setState] = useState<ImportState>(IDLE);
  const abort = useRef<AbortController | null>(null);

  useEffect(() => () => abort.current?.abort(), []);

  const importFile = useCallback(async (file: File) => {
    abort.current?.abort();
    const ctrl = new AbortController();
    abort.current = ctrl;
    setState({ progress: 0, fileName: file.name, error: null, issues: [] });
    try {
      const table = await parseFileInWorker(file, (p) => {
        if (!ctrl.signal.aborted) setState((s) => ({ ...s, progress: progressFraction(p) }));
      }, ctrl.signal);
      if (ctrl.signal.aborted) return;
      if (table.rows.length === 0) {
        setState({ ...IDLE, fileName: file.name, issues: table.issues,
          error: `${file.name}: no data rows found${table.columns.length ? ' (only a header)' : ''}.` });
        return;
      }
      const name = file.name.replace(/\.(csv|tsv|txt)$/i, '');
      const labelled = withLabelColumn(table);
      const created = await createDataset(labelled.table, name, labelled.mapping);
      setState(IDLE); // the open dataset shows its own reading problems from here on
      onImported(created);
    } catch (e) {
      if (ctrl.signal.aborted) return;
      setState({ ...IDLE, fileName: file.name, error: errorMessage(e) });
    }
  }, [onImported]);

  const importSample = useCallback(async () => {
    try {
      const res = await fetch(SAMPLE_URL);
      if (!res.ok) throw new Error(`The sample dataset could not be loaded (HTTP ${res.status}).`);
      const blob = await res.blob();
      await importFile(new File([blob], 'sms_spam.csv', { type: 'text/csv' }));
    } catch (e) {
      setState({ ...IDLE, fileName: 'sms_spam.csv', error: errorMessage(e) });
    }
  }, [importFile]);

  const cancel = useCallback(() => {
    abort.current?.abort();
    setState(IDLE);
  }, []);

  return { state, importFile, importSample, cancel };
}

/**
 * A file with one column is text without labels: give it an empty 'label' column so its rows can be
 * labelled by hand in the labelling view (the table is otherwise stored as read).
 */
function withLabelColumn(table: RawTable): { table: RawTable; mapping?: ColumnMapping } {
  if (table.columns.length !== 1) return { table };
  const label = table.columns[0] === 'label' ? 'label_2' : 'label';
  return {
    table: {
      ...table,
      columns: [table.columns[0], label],
      rows: table.rows.map((r) => [r[0] ?? '', '']),
      issues: [...table.issues, { kind: 'other', message: `An empty "${label}" column was added so the rows can be labelled by hand (Labels → Label them).` }],
    },
    mapping: { textColumn: table.columns[0], labelColumn: label, labelKind: 'single' },
  };
}

function progressFraction(p: ParseProgress): number {
  return p.totalBytes > 0 ? Math.min(1, p.bytesRead / p.totalBytes) : 0;
}
