import { createContext, useContext, useState, type ReactNode } from 'react';
import { createStore, initialStudioState, useStore, type Store, type StudioState } from './store';

const StoreContext = createContext<Store<StudioState> | null>(null);

/** Provides the one studio store; created once per mounted app (no module-level state). */
export function StudioProvider({ children }: { children: ReactNode }) {
  const [store] = useState(() => createStore<StudioState>(initialStudioState));
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useStudioStore(): Store<StudioState> {
  const s = useContext(StoreContext);
  if (!s) throw new Error('useStudioStore outside <StudioProvider>');
  return s;
}

export function useStudio<T>(select: (s: StudioState) => T): T {
  return useStore(useStudioStore(), select);
}
