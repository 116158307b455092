/**
 * IndexedDB and quota helpers shared by the studio's databases (data stage, trained models, training
 * jobs). DOM-free and idb-only, so the training worker uses them too.
 */
import { openDB, type DBSchema, type IDBPDatabase, type OpenDBCallbacks } from 'idb';

/**
 * Opens (creating or upgrading) a database. When another tab (or a newer build) wants a new version,
 * this connection closes instead of blocking it forever.
 */
export function openClosingDb<S extends DBSchema | unknown>(
  name: string, version: number, upgrade: OpenDBCallbacks<S>['upgrade'],
): Promise<IDBPDatabase<S>> {
  return openDB<S>(name, version, {
    upgrade,
    blocking(_current, _blocked, event) {
      (event.target as IDBDatabase).close();
    },
  });
}

/** Runs `fn` with a freshly opened database and closes it afterwards (the close waits for its transactions). */
export async function withOpenDb<S extends DBSchema | unknown, T>(
  open: () => Promise<IDBPDatabase<S>>, fn: (db: IDBPDatabase<S>) => Promise<T>,
): Promise<T> {
  const db = await open();
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

/** Thrown when the browser's storage quota cannot take a write; the message is meant for a person. */
export class StorageFullError extends Error {
  override name = 'StorageFullError';
}

/** The browser's storage estimate, or null where there is none (no navigator, or no StorageManager). */
export async function browserStorageEstimate(): Promise<StorageEstimate | null> {
  if (typeof navigator === 'undefined' || !navigator.storage?.estimate) return null;
  return navigator.storage.estimate();
}
