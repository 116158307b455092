import { useSyncExternalStore } from 'react';

/**
 * The studio's one store: what the stages share. Each stage keeps its own detail in its own state or
 * in IndexedDB; only the choices that another stage needs live here. Plain data, so it can be persisted.
 */
export type Stage = 'data' | 'model' | 'train' | 'use';

export interface StudioState {
  stage: Stage;
  /** IndexedDB id of the dataset chosen in the data stage. */
  datasetId: string | null;
  /** The model chosen in the model stage: a key the model stage understands (hub id, local, bundled). */
  modelKey: string | null;
  /** The training job shown in the train stage. */
  jobId: string | null;
  /** The trained model shown in the use stage. */
  trainedModelId: string | null;
}

type Listener = () => void;

export interface Store<S> {
  get(): S;
  set(patch: Partial<S>): void;
  subscribe(l: Listener): () => void;
}

export function createStore<S extends object>(initial: S): Store<S> {
  let state = initial;
  const listeners = new Set<Listener>();
  return {
    get: () => state,
    set(patch) {
      state = { ...state, ...patch };
      listeners.forEach((l) => l());
    },
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

export const initialStudioState: StudioState = {
  stage: 'data', datasetId: null, modelKey: null, jobId: null, trainedModelId: null,
};

export function useStore<S extends object, T>(store: Store<S>, select: (s: S) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}
