import type { Stage } from '../store/store';

const ORDER: { id: Stage; label: string; next: string }[] = [
  { id: 'data', label: 'Data', next: 'choose the model' },
  { id: 'model', label: 'Model', next: 'set up the training run' },
  { id: 'train', label: 'Train', next: 'try and download the model' },
  { id: 'use', label: 'Use', next: '' },
];

/** Back and Next under each stage, so the four steps read as one path, not only as tabs. */
export function StageNav({ stage, onGo }: { stage: Stage; onGo(stage: Stage): void }) {
  const i = ORDER.findIndex((s) => s.id === stage);
  const prev = ORDER[i - 1];
  const next = ORDER[i + 1];
  return (
    <nav className="stage-nav" aria-label="Stages">
      <span>{prev && <button type="button" onClick={() => onGo(prev.id)}>← Back: {prev.label}</button>}</span>
      <span>{next && <button type="button" className="next" onClick={() => onGo(next.id)} title={`Next: ${ORDER[i].next}`}>Next: {next.label} →</button>}</span>
    </nav>
  );
}
