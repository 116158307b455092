/**
 * "Something was deleted from (or added to) this browser's storage": the Storage panel says so, and views that
 * list stored things (the Use stage's models, the runs' checkpoints) read them again.
 */
const EVENT = 'ftstudio-storage-changed';

export function announceStorageChange(): void {
  window.dispatchEvent(new Event(EVENT));
}

export function onStorageChange(listener: () => void): () => void {
  window.addEventListener(EVENT, listener);
  return () => window.removeEventListener(EVENT, listener);
}
