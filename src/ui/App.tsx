import { useState } from 'react';

/**
 * The studio's shell: one tab per stage of the workflow. Each stage owns its own folder of components
 * under src/ui/components/<stage>/ and registers here with one line.
 */
type Stage = 'data' | 'model' | 'train' | 'use';

const STAGES: { id: Stage; label: string }[] = [
  { id: 'data', label: '1 · Data' },
  { id: 'model', label: '2 · Model' },
  { id: 'train', label: '3 · Train' },
  { id: 'use', label: '4 · Use' },
];

export function App() {
  const [stage, setStage] = useState<Stage>('data');
  return (
    <div className="app">
      <header className="app-header">
        <h1>FineTune Studio</h1>
        <p className="tagline">Fine-tune language models in your browser. Your data never leaves this page.</p>
        <nav role="tablist">
          {STAGES.map((s) => (
            <button key={s.id} role="tab" aria-selected={stage === s.id} onClick={() => setStage(s.id)}>
              {s.label}
            </button>
          ))}
        </nav>
      </header>
      <main>
        {stage === 'data' && <p>Drop a CSV to begin.</p>}
        {stage === 'model' && <p>Pick a model.</p>}
        {stage === 'train' && <p>Train.</p>}
        {stage === 'use' && <p>Use your model.</p>}
      </main>
    </div>
  );
}
