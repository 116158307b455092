/**
 * The chosen model survives a reload: its key is kept in localStorage and put back into the studio store
 * when the app starts (the files themselves come back from the model cache). The bundled offline model is
 * the choice on a first visit, so a person can train without downloading anything.
 */
import { useEffect } from 'react';
import { modelKeyOf } from '../../../core/model/sources/modelKey';
import { DEFAULT_BUNDLED_ID } from '../../../core/model/sources/bundled';
import { DEFAULT_HUB_HOST } from '../../../core/model/sources/hub';
import { useStudioStore } from '../../store/context';

const MODEL_KEY_STORAGE = 'ftstudio.modelKey';
const HUB_HOST_STORAGE = 'ftstudio.hubHost';

export const DEFAULT_MODEL_KEY = modelKeyOf({ kind: 'bundled', id: DEFAULT_BUNDLED_ID });

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage disabled (privacy mode): fall back to defaults
  }
}
function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // storage disabled: the choice simply does not survive a reload
  }
}

export const savedModelKey = (): string => read(MODEL_KEY_STORAGE) ?? DEFAULT_MODEL_KEY;
export const saveModelKey = (key: string): void => write(MODEL_KEY_STORAGE, key);
export const savedHubHost = (): string => read(HUB_HOST_STORAGE) ?? DEFAULT_HUB_HOST;
export const saveHubHost = (host: string): void => write(HUB_HOST_STORAGE, host);

/** Called once by the shell: restores the saved model choice and keeps saving it as it changes. */
export function useRestoredModelChoice(): void {
  const store = useStudioStore();
  useEffect(() => {
    if (store.get().modelKey === null) store.set({ modelKey: savedModelKey() });
    let last = store.get().modelKey;
    return store.subscribe(() => {
      const key = store.get().modelKey;
      if (key !== last && key !== null) saveModelKey(key);
      last = key;
    });
  }, [store]);
}
