import type { TrainedModelSummary } from '../../../storage/modelsStore';
import type { StorageUse } from '../../../storage/modelsStore';
import { formatBytes } from './formatBytes';

interface Props {
  models: TrainedModelSummary[];
  storage: StorageUse | null;
  openId: string | null;
  onOpen(id: string): void;
  onDelete(id: string): void;
}

/** The headline metric of a stored model: test if known, else validation. */
function headline(m: TrainedModelSummary): string {
  const e = m.metrics?.test ?? m.metrics?.validation;
  if (!e) return '—';
  const which = m.metrics?.test ? 'test' : 'val';
  if (e.kind === 'single') return `${which} acc ${(e.accuracy * 100).toFixed(1)} %, macro-F1 ${e.macro_f1.toFixed(3)}`;
  if (e.kind === 'multi') return `${which} micro-F1 ${e.micro_f1.toFixed(3)}`;
  return `${which} MAE ${e.mae.toFixed(3)}, R² ${e.r2.toFixed(3)}`;
}

/** Trained and imported models kept in this browser, with the storage they use. */
export function ModelsList({ models, storage, openId, onOpen, onDelete }: Props) {
  return (
    <section aria-label="Models">
      <h3>Your models</h3>
      {storage && storage.quota > 0 && (
        <p data-testid="storage-use">
          Browser storage: {formatBytes(storage.usage)} used of {formatBytes(storage.quota)} ({((storage.usage / storage.quota) * 100).toFixed(1)} %).
        </p>
      )}
      {models.length === 0 ? (
        <p>No models yet. Train one in step 3, or import a folder or .zip exported from the studio or Hugging Face.</p>
      ) : (
        <table className="models-table">
          <thead>
            <tr><th>Name</th><th>Base model</th><th>Dataset</th><th>Metrics</th><th>Date</th><th>Size</th><th /></tr>
          </thead>
          <tbody>
            {models.map((m) => (
              <tr key={m.id} aria-current={m.id === openId ? 'true' : undefined}>
                <td>{m.name}{m.origin === 'imported' ? ' (imported)' : ''}</td>
                <td>{m.baseModel}</td>
                <td>{m.datasetName ?? '—'}</td>
                <td>{headline(m)}</td>
                <td>{new Date(m.createdAt).toLocaleString()}</td>
                <td>{formatBytes(m.bytes)}</td>
                <td>
                  <button onClick={() => onOpen(m.id)} disabled={m.id === openId} aria-label={`Open ${m.name}`}>Open</button>{' '}
                  <button
                    onClick={() => { if (window.confirm(`Delete "${m.name}" from this browser? Downloaded copies are not affected.`)) onDelete(m.id); }}
                    aria-label={`Delete ${m.name}`}
                  >Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
