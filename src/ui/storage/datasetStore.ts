import type { ColumnMapping, RawTable } from '../../core/data/types';
import type { DatasetRecord } from '../../core/data/dataset';
import { DEFAULT_CLEANING } from '../../core/data/clean';
import { NO_LABEL_EDITS } from '../../core/data/labels';
import { DEFAULT_SPLIT } from '../../core/data/split';
import { withStudioDb } from './db';
import { packTable, unpackTable, type PackedTable } from './packTable';

/**
 * Datasets in IndexedDB (database 'finetune-studio', see db.ts). Two stores, same key:
 * - 'datasets': one small record per dataset — the core DatasetRecord without its table: mapping,
 *   cleaning options, label edits, manual labels, split settings and split codes. Rewritten (debounced)
 *   on every change.
 * - 'datasetTables': the parsed table, packed (see packTable.ts). Written once at import, read on open.
 * So a settings change never re-clones a 100 MB table.
 *
 * Other stages read a dataset with `loadDataset(id)` and pass it to core/data/dataset.ts
 * (`buildTrainingData(record)`).
 */

/** What the 'datasets' store holds: the record minus its table, plus what the dataset list shows. */
export type StoredDataset = Omit<DatasetRecord, 'table'> & { fileName: string; rowCount: number; columns: string[] };

/** The list view of a dataset: what the switcher shows, without the per-row arrays. */
export type DatasetSummary = Pick<StoredDataset, 'id' | 'name' | 'fileName' | 'rowCount' | 'createdAt' | 'updatedAt'>;

const DATASETS = 'datasets';
const TABLES = 'datasetTables';

function newId(): string {
  return `ds-${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 8)}`;
}

function stored(record: DatasetRecord): StoredDataset {
  const { table, ...rest } = record;
  return { ...rest, fileName: table.fileName, rowCount: table.rows.length, columns: table.columns };
}

/** Stores a freshly parsed table as a new dataset and returns its record. */
export async function createDataset(table: RawTable, name: string, mapping?: ColumnMapping): Promise<DatasetRecord> {
  // Not createDatasetRecord: its mapping suggestion profiles the whole table, seconds on the page's thread
  // for a 100 MB file. The data stage asks the dataset worker for the suggestion and adopts it.
  const now = Date.now();
  const record: DatasetRecord = {
    id: newId(), name, createdAt: now, updatedAt: now, table, mapping: mapping ?? null,
    cleaning: DEFAULT_CLEANING, labelEdits: NO_LABEL_EDITS, manualLabels: {}, split: DEFAULT_SPLIT, splitCodes: null,
  };
  const packed: PackedTable & { id: string } = { id: record.id, ...packTable(table) };
  await withStudioDb(async (db) => {
    const tx = db.transaction([DATASETS, TABLES], 'readwrite');
    await Promise.all([tx.objectStore(TABLES).put(packed), tx.objectStore(DATASETS).put(stored(record)), tx.done]);
  });
  return record;
}

export async function listDatasets(): Promise<DatasetSummary[]> {
  return withStudioDb(async (db) => {
    const out: DatasetSummary[] = [];
    let cursor = await db.transaction(DATASETS).store.openCursor();
    while (cursor) {
      const r = cursor.value as StoredDataset;
      out.push({ id: r.id, name: r.name, fileName: r.fileName, rowCount: r.rowCount, createdAt: r.createdAt, updatedAt: r.updatedAt });
      cursor = await cursor.continue();
    }
    return out.sort((a, b) => b.updatedAt - a.updatedAt);
  });
}

/** The whole dataset (record with its table), or null when no dataset has this id. */
export async function loadDataset(id: string): Promise<DatasetRecord | null> {
  return (await loadDatasetParts(id))?.record ?? null;
}

/** The record, and its table also in packed form (cheap to hand to a worker). */
export async function loadDatasetParts(id: string): Promise<{ record: DatasetRecord; packed: PackedTable } | null> {
  return withStudioDb(async (db) => {
    const tx = db.transaction([DATASETS, TABLES]);
    const [meta, stored] = await Promise.all([tx.objectStore(DATASETS).get(id), tx.objectStore(TABLES).get(id)]);
    if (!meta || !stored) return null;
    const { fileName: _f, rowCount: _r, columns: _c, ...rest } = meta as StoredDataset;
    const { id: _id, ...packed } = stored as PackedTable & { id: string };
    return { record: { ...rest, table: unpackTable(packed) }, packed };
  });
}

/** Saves everything but the table (which never changes after import). */
export async function saveDatasetRecord(record: DatasetRecord): Promise<void> {
  await withStudioDb((db) => db.put(DATASETS, { ...stored(record), updatedAt: Date.now() }));
}

export async function renameDataset(id: string, name: string): Promise<void> {
  await withStudioDb(async (db) => {
    const tx = db.transaction(DATASETS, 'readwrite');
    const r = (await tx.store.get(id)) as StoredDataset | undefined;
    if (r) await tx.store.put({ ...r, name, updatedAt: Date.now() });
    await tx.done;
  });
}

export async function deleteDataset(id: string): Promise<void> {
  await withStudioDb(async (db) => {
    const tx = db.transaction([DATASETS, TABLES], 'readwrite');
    await Promise.all([tx.objectStore(DATASETS).delete(id), tx.objectStore(TABLES).delete(id), tx.done]);
  });
}
