import type { IDBPDatabase } from 'idb';
import { openClosingDb, withOpenDb } from './idb';

/**
 * The studio's one IndexedDB database. Every part of the studio keeps its own object stores here,
 * namespaced by what they hold.
 *
 * To add a store: append one entry to STORES (never remove or reorder entries). The schema version is
 * the length of the list, so appending bumps it, and the one upgrade function creates whatever store is
 * missing — browsers with an older database get the new store, their data stays.
 */
export const DB_NAME = 'finetune-studio';

export interface StoreSpec {
  name: string;
  /** In-line key path of the records; out-of-line keys when omitted. */
  keyPath?: string;
}

export const STORES: readonly StoreSpec[] = [
  // data stage: one small record per dataset (name, mapping, cleaning, labels, split) …
  { name: 'datasets', keyPath: 'id' },
  // … and the parsed table itself, packed, written once at import (see storage/datasetStore.ts).
  { name: 'datasetTables', keyPath: 'id' },
];

export const DB_VERSION = STORES.length;

function upgrade(db: IDBPDatabase): void {
  for (const s of STORES) {
    if (!db.objectStoreNames.contains(s.name)) {
      db.createObjectStore(s.name, s.keyPath ? { keyPath: s.keyPath } : undefined);
    }
  }
}

/**
 * Opens the database (creating or upgrading it). Close it when done, so later versions can open; another
 * tab (or a newer build) wanting a new version makes this connection close instead of blocking it.
 */
export function openStudioDb(): Promise<IDBPDatabase> {
  return openClosingDb(DB_NAME, DB_VERSION, upgrade);
}

/** Runs `fn` with an open database and closes it afterwards (the close waits for its transactions). */
export function withStudioDb<T>(fn: (db: IDBPDatabase) => Promise<T>): Promise<T> {
  return withOpenDb(openStudioDb, fn);
}
