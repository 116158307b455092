import { useDeferredValue } from 'react';
import { StudioProvider, useStudio, useStudioStore } from './store/context';
import type { Stage } from './store/store';
import { DataStage } from './components/data/DataStage';
import { ModelStage } from './components/model/ModelStage';
import { useRestoredModelChoice } from './components/model/modelChoice';
import { TrainStage } from './components/train/TrainStage';
import { UseStage } from './components/use/UseStage';
import { TrainingProvider } from './hooks/useTrainingSession';
import { StageNav } from './components/StageNav';
import { StoragePanel } from './components/StoragePanel';
import { SearchProvider } from './components/search/searchSession';

/** The studio's shell: one tab per stage; each stage lives in src/ui/components/<stage>/. */
const STAGES: { id: Stage; label: string }[] = [
  { id: 'data', label: '1 · Data' },
  { id: 'model', label: '2 · Model' },
  { id: 'train', label: '3 · Train' },
  { id: 'use', label: '4 · Use' },
];

function Shell() {
  const store = useStudioStore();
  const stage = useStudio((s) => s.stage);
  // The tab answers the click at once; the stage it opens is rendered after, at low priority and in
  // slices that give the main thread back (building a stage's charts was a 50–350 ms task, mid-run too).
  const shown = useDeferredValue(stage);
  useRestoredModelChoice(); // the chosen model survives a reload (bundled offline model on a first visit)
  return (
    <div className="app">
      <header className="app-header">
        <h1>FineTune Studio</h1>
        <p className="tagline">Fine-tune language models in your browser. Your data never leaves this page.</p>
        <nav role="tablist">
          {STAGES.map((s) => (
            <button key={s.id} role="tab" aria-selected={stage === s.id} onClick={() => store.set({ stage: s.id })}>
              {s.label}
            </button>
          ))}
        </nav>
      </header>
      <main>
        {shown === 'data' && <DataStage />}
        {shown === 'model' && <ModelStage />}
        {shown === 'train' && <TrainStage />}
        {shown === 'use' && <UseStage />}
      </main>
      <StageNav stage={shown} onGo={(s) => { store.set({ stage: s }); window.scrollTo(0, 0); }} />
      <StoragePanel />
      <footer className="app-footer">
        Training slow or failing? <a href={`${import.meta.env.BASE_URL}diagnostics.html`} data-testid="diagnostics-link">Check your backends</a>: which
        of WebGPU, WebAssembly, WebGL and cpu work in this browser, and whether they agree.
      </footer>
    </div>
  );
}

export function App() {
  return (
    <StudioProvider>
      {/* Above the stage switch, so a training run survives switching tabs. */}
      <TrainingProvider>
        <SearchProvider>
          <Shell />
        </SearchProvider>
      </TrainingProvider>
    </StudioProvider>
  );
}
