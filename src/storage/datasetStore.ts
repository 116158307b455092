import type { ColumnMapping, RawTable } from '../core/data/types';
import { createDatasetRecord, type DatasetRecord } from '../core/data/dataset';
import { packTable, unpackRows, type PackedTable } from '../core/data/packedTable';
import type { IDBPDatabase } from 'idb';
import { withStudioDb } from './db';

/**
 * Datasets in IndexedDB (database 'finetune-studio', see db.ts). Two stores, same key:
 * - 'datasets': one small record per dataset — the core DatasetRecord without its table: mapping,
 *   cleaning options, label edits, manual labels, split settings and split codes. Rewritten (debounced)
 *   on every change.
 * - 'datasetTables': the parsed table in packed chunks of CHUNK_ROWS rows (see core/data/packedTable.ts), keyed
 *   '<dataset id>/<chunk number>'. Written once at import, read on open.
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

/** Rows the mapping suggestion looks at when a dataset is created. */
const SUGGEST_SAMPLE_ROWS = 20_000;

/** Rows per stored chunk: each chunk is packed, written and read in its own short task. */
export const CHUNK_ROWS = 50_000;

const chunkKey = (id: string, k: number) => `${id}/${String(k).padStart(6, '0')}`;
const chunkRange = (id: string) => IDBKeyRange.bound(`${id}/`, `${id}/\uffff`);

function storageError(fileName: string, cause: unknown): Error {
  const why = cause instanceof Error || cause instanceof DOMException ? `${cause.name}: ${cause.message}` : String(cause);
  return new Error(`${fileName} could not be saved in this browser's storage (${why}). `
    + 'Delete datasets you no longer need, or use a smaller file; a private window has less room.');
}

/** Puts `value` in its own transaction; a failed (e.g. over-quota) write rejects once, with the abort's reason. */
async function putAlone(db: IDBPDatabase, store: string, value: unknown): Promise<void> {
  const tx = db.transaction(store, 'readwrite');
  const done = tx.done;
  done.catch(() => {});
  try {
    const put = tx.store.put(value);
    put.catch(() => {});
    await Promise.all([put, done]);
  } catch (e) {
    throw await done.then(() => e, (abort: unknown) => abort ?? e);
  }
}

/**
 * Stores a freshly parsed table as a new dataset and returns its record (and the packed chunks, for the
 * dataset worker). The table goes in chunks of CHUNK_ROWS rows, one transaction each, so a 100 MB file
 * never holds the page for the whole write; the dataset's record is written last, so a dataset appears
 * only once all of it is stored.
 */
export async function createDataset(
  table: RawTable, name: string, mapping?: ColumnMapping,
): Promise<{ record: DatasetRecord; packed: PackedTable[] }> {
  // The suggested mapping comes from the first SUGGEST_SAMPLE_ROWS rows: suggesting from all rows of a
  // 100 MB file takes seconds on the page's thread, and the record must have its mapping from the start
  // (the Train stage may read it before the data stage has computed anything).
  const sample = table.rows.length > SUGGEST_SAMPLE_ROWS ? { ...table, rows: table.rows.slice(0, SUGGEST_SAMPLE_ROWS) } : table;
  const record: DatasetRecord = { ...createDatasetRecord(sample, { id: newId(), name }), table };
  if (mapping) record.mapping = mapping;
  const packed: PackedTable[] = [];
  await withStudioDb(async (db) => {
    try {
      const chunks = Math.max(1, Math.ceil(table.rows.length / CHUNK_ROWS));
      for (let k = 0; k < chunks; k++) {
        const rows = table.rows.slice(k * CHUNK_ROWS, (k + 1) * CHUNK_ROWS);
        // The table's own fields (issues, ragged rows) live in chunk 0 only.
        const part = packTable(k === 0 ? { ...table, rows } : { ...table, rows, issues: [], raggedRows: [] });
        packed.push(part);
        await putAlone(db, TABLES, { id: chunkKey(record.id, k), ...part });
      }
      await putAlone(db, DATASETS, stored(record));
    } catch (e) {
      await db.delete(TABLES, chunkRange(record.id)).catch(() => {});
      throw storageError(table.fileName, e);
    }
  });
  return { record, packed };
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

/** The record, and its table also as the stored packed chunks (cheap to hand to a worker). */
export async function loadDatasetParts(id: string): Promise<{ record: DatasetRecord; packed: PackedTable[] } | null> {
  return withStudioDb(async (db) => {
    const meta = (await db.get(DATASETS, id)) as StoredDataset | undefined;
    if (!meta) return null;
    // One chunk per cursor step: each is deserialised and unpacked in its own short task.
    const packed: PackedTable[] = [];
    const rows: string[][] = [];
    const intern: Map<string, string>[] = [];
    let cursor = await db.transaction(TABLES).store.openCursor(chunkRange(id));
    while (cursor) {
      const { id: _key, ...chunk } = cursor.value as PackedTable & { id: string };
      packed.push(chunk);
      unpackRows(chunk, rows, intern);
      cursor = await cursor.continue();
    }
    if (packed.length === 0) return null;
    const { fileName: _f, rowCount: _r, columns: _c, ...rest } = meta;
    const { rowCount: _n, columnText: _t, columnEnds: _e, ...tableMeta } = packed[0];
    return { record: { ...rest, table: { ...tableMeta, rows } }, packed };
  });
}

/**
 * Saves everything but the table (which never changes after import). With an already open `db` the
 * write starts synchronously — what a 'pagehide' handler needs for the last edit to survive a reload.
 */
export async function saveDatasetRecord(record: DatasetRecord, db?: IDBPDatabase | null): Promise<void> {
  const value = { ...stored(record), updatedAt: Date.now() };
  if (db) {
    try {
      await db.put(DATASETS, value);
      return;
    } catch {
      // closed (e.g. a newer version of the studio asked for the database): open it again below
    }
  }
  await withStudioDb((fresh) => fresh.put(DATASETS, value));
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
    await Promise.all([tx.objectStore(DATASETS).delete(id), tx.objectStore(TABLES).delete(chunkRange(id)), tx.done]);
  });
}

/**
 * The page is going away with an edit not yet in IndexedDB (an IndexedDB write begun in 'pagehide' is
 * often cut off by the navigation): keep the person's choices in localStorage, which writes at once.
 * `takeUnsaved` hands them back when the dataset is opened next.
 */
const UNSAVED_KEY = 'finetune-studio.unsavedDataset';

type Choices = Pick<DatasetRecord, 'id' | 'name' | 'mapping' | 'cleaning' | 'labelEdits' | 'manualLabels' | 'split'>;

export function stashUnsaved(record: DatasetRecord): void {
  const { id, name, mapping, cleaning, labelEdits, manualLabels, split } = record;
  const choices: Choices = { id, name, mapping, cleaning, labelEdits, manualLabels, split };
  try {
    localStorage.setItem(UNSAVED_KEY, JSON.stringify(choices));
  } catch {
    // full or unavailable: the IndexedDB write started alongside may still land
  }
}

/** The stashed choices of dataset `id` (removed from the stash), or null. */
export function takeUnsaved(id: string): Partial<DatasetRecord> | null {
  const raw = localStorage.getItem(UNSAVED_KEY);
  if (!raw) return null;
  try {
    const c = JSON.parse(raw) as Choices;
    if (c.id !== id) return null;
    localStorage.removeItem(UNSAVED_KEY);
    const { id: _id, ...choices } = c;
    return choices;
  } catch {
    localStorage.removeItem(UNSAVED_KEY);
    return null;
  }
}
