import type { ParseIssue } from '../../../core/data/types';
import type { ImportState } from '../../hooks/useDatasetImport';

/** Shows the reading progress, why a file was refused, and the problems found in an accepted file. */
export function ImportStatus({ state, onCancel }: { state: ImportState; onCancel(): void }) {
  return (
    <>
      {state.progress !== null && (
        <div className="import-progress" data-testid="import-progress">
          <label>
            Reading {state.fileName}…{' '}
            <progress max={1} value={state.progress} aria-label={`Reading ${state.fileName}`} />{' '}
            {Math.round(state.progress * 100)} %
          </label>{' '}
          <button type="button" onClick={onCancel}>Cancel</button>
        </div>
      )}
      {state.error && <p className="error" role="alert" data-testid="import-error">{state.error}</p>}
      <IssueList issues={state.issues} fileName={state.fileName} />
    </>
  );
}

/** Problems found while reading, each with its 1-based data row when there is one. */
export function IssueList({ issues, fileName }: { issues: ParseIssue[]; fileName: string | null }) {
  if (issues.length === 0) return null;
  return (
    <details className="warning" data-testid="parse-issues" open={issues.length <= 5}>
      <summary>
        {issues.length.toLocaleString('en-US')} problem{issues.length === 1 ? '' : 's'} while reading {fileName ?? 'the file'}
      </summary>
      <ul>
        {issues.map((i, k) => (
          <li key={k} data-testid="parse-issue">
            {/* core messages usually start with their row already; name it only when they do not */}
            {i.row !== undefined && !i.message.startsWith(`Row ${i.row}`) && <strong>Row {i.row.toLocaleString('en-US')}: </strong>}
            {i.message}
          </li>
        ))}
      </ul>
    </details>
  );
}
