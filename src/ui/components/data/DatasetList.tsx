import { useState } from 'react';
import type { DatasetSummary } from '../../../storage/datasetStore';

interface Props {
  datasets: DatasetSummary[];
  currentId: string | null;
  onOpen(id: string): void;
  onRename(id: string, name: string): void;
  onDelete(id: string): void;
}

/** The datasets kept in this browser: switch between them, rename, delete (with a second click to confirm). */
export function DatasetList({ datasets, currentId, onOpen, onRename, onDelete }: Props) {
  const [editing, setEditing] = useState<{ id: string; name: string } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  if (datasets.length === 0) return null;

  return (
    <section className="card" aria-labelledby="dataset-list-h">
      <h3 id="dataset-list-h">Your datasets</h3>
      <ul className="dataset-list" data-testid="dataset-list">
        {datasets.map((d) => (
          <li key={d.id} className={d.id === currentId ? 'current' : undefined} data-testid={`dataset-${d.id}`}>
            {editing?.id === d.id ? (
              <form onSubmit={(e) => { e.preventDefault(); onRename(d.id, editing.name.trim() || d.name); setEditing(null); }}>
                <input
                  aria-label="New dataset name"
                  value={editing.name}
                  autoFocus
                  onChange={(e) => setEditing({ id: d.id, name: e.target.value })}
                />
                <button type="submit">Save name</button>
                <button type="button" onClick={() => setEditing(null)}>Cancel</button>
              </form>
            ) : (
              <>
                <button
                  type="button"
                  className="link-button"
                  aria-current={d.id === currentId ? 'true' : undefined}
                  onClick={() => onOpen(d.id)}
                >
                  {d.name}
                </button>
                <span className="muted"> {d.rowCount.toLocaleString('en-US')} rows · {d.fileName}</span>
                <button type="button" aria-label={`Rename ${d.name}`} onClick={() => setEditing({ id: d.id, name: d.name })}>
                  Rename
                </button>
                {confirming === d.id ? (
                  <>
                    <button type="button" className="danger" onClick={() => { setConfirming(null); onDelete(d.id); }}>
                      Really delete {d.name}
                    </button>
                    <button type="button" onClick={() => setConfirming(null)}>Keep</button>
                  </>
                ) : (
                  <button type="button" aria-label={`Delete ${d.name}`} onClick={() => setConfirming(d.id)}>Delete</button>
                )}
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
