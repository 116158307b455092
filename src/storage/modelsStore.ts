/**
 * Trained models in IndexedDB: the Use stage lists, opens, exports and deletes them; the training side
 * saves one with `saveTrainedModel(record)` when a job finishes (see TrainedModelRecord in
 * src/core/export/trainedModel.ts; `trainedModelFromCheckpoint` builds one from the best checkpoint).
 * Its own database, so its schema versions never race the other stages'. Summaries and weights live in
 * separate stores so the list never loads megabytes of weights.
 */
import type { DBSchema, IDBPDatabase } from 'idb';
import { browserStorageEstimate, openClosingDb, StorageFullError, withOpenDb } from './idb';
import { summarizeTrainedModel, type TrainedModelRecord, type TrainedModelSummary } from '../core/export/trainedModel';

export type { TrainedModelRecord, TrainedModelSummary } from '../core/export/trainedModel';
/** Thrown by saveTrainedModel when the browser's storage quota cannot take the model. */
export { StorageFullError } from './idb';

export const MODELS_DB_NAME = 'finetune-studio-models';
const MODELS_DB_VERSION = 1;

interface ModelsSchema extends DBSchema {
  summaries: { key: string; value: TrainedModelSummary };
  records: { key: string; value: TrainedModelRecord };
}

function openModelsDb(): Promise<IDBPDatabase<ModelsSchema>> {
  return openClosingDb<ModelsSchema>(MODELS_DB_NAME, MODELS_DB_VERSION, (db) => {
    db.createObjectStore('summaries', { keyPath: 'id' });
    db.createObjectStore('records', { keyPath: 'id' });
  });
}

function withDb<T>(fn: (db: IDBPDatabase<ModelsSchema>) => Promise<T>): Promise<T> {
  return withOpenDb(openModelsDb, fn);
}

export interface StorageUse {
  usage: number;
  quota: number;
}

export async function storageUse(): Promise<StorageUse | null> {
  const e = await browserStorageEstimate();
  if (!e) return null;
  return { usage: e.usage ?? 0, quota: e.quota ?? 0 };
}

/**
 * Saves (or replaces) a trained model; the summary and the weights are written in one transaction, so
 * the list never shows a model whose weights are missing. Returns the id.
 */
export async function saveTrainedModel(record: TrainedModelRecord): Promise<string> {
  const summary = summarizeTrainedModel(record);
  const use = await storageUse();
  if (use && use.quota > 0 && use.quota - use.usage < summary.bytes * 1.1) {
    throw new StorageFullError(`Not enough browser storage to keep "${record.name}": it needs ${(summary.bytes / 1e6).toFixed(1)} MB, ` +
      `${((use.quota - use.usage) / 1e6).toFixed(1)} MB are free. Delete a model or dataset, then try again.`);
  }
  await withDb(async (db) => {
    const tx = db.transaction(['summaries', 'records'], 'readwrite');
    await Promise.all([tx.objectStore('summaries').put(summary), tx.objectStore('records').put(record), tx.done]);
  });
  return record.id;
}

/** Newest first. */
export async function listTrainedModels(): Promise<TrainedModelSummary[]> {
  const all = await withDb((db) => db.getAll('summaries'));
  return all.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export async function loadTrainedModel(id: string): Promise<TrainedModelRecord | null> {
  return (await withDb((db) => db.get('records', id))) ?? null;
}

export async function deleteTrainedModel(id: string): Promise<void> {
  await withDb(async (db) => {
    const tx = db.transaction(['summaries', 'records'], 'readwrite');
    await Promise.all([tx.objectStore('summaries').delete(id), tx.objectStore('records').delete(id), tx.done]);
  });
}

/** Updates the tuned thresholds of a stored model (the playground's "save thresholds"). */
export async function updateThresholds(id: string, thresholds: TrainedModelRecord['thresholds']): Promise<void> {
  await withDb(async (db) => {
    const tx = db.transaction(['summaries', 'records'], 'readwrite');
    const [s, r] = await Promise.all([tx.objectStore('summaries').get(id), tx.objectStore('records').get(id)]);
    if (!s || !r) throw new Error(`Model ${id} is not in this browser's storage any more.`);
    await Promise.all([tx.objectStore('summaries').put({ ...s, thresholds }), tx.objectStore('records').put({ ...r, thresholds }), tx.done]);
  });
}
