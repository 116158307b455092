import { useState } from 'react';
import { RowsTable } from './RowsTable';

/** One cleaning check as the report shows it. */
export interface CleaningCheckView {
  id: string;
  title: string;
  /** Why these rows matter, in one sentence. */
  explanation?: string;
  /** 0-based indices of the rows this check found. */
  rows: Int32Array;
}

interface Props {
  checks: CleaningCheckView[];
  drop: Set<string>;
  onToggle(id: string, drop: boolean): void;
  remaining: number;
  total: number;
  /** Columns to show when viewing a check's rows, and how to read a cell. */
  viewColumns: string[];
  cell(row: number, column: number): string;
  onDownload(check: CleaningCheckView): void;
}

/** What cleaning found, each check with its count; the ticked checks' rows are dropped. */
export function CleaningReport({ checks, drop, onToggle, remaining, total, viewColumns, cell, onDownload }: Props) {
  const [open, setOpen] = useState<string | null>(null);
  const shown = checks.find((c) => c.id === open);

  return (
    <section className="card" aria-labelledby="cleaning-h" data-testid="cleaning">
      <h3 id="cleaning-h">Cleaning</h3>
      <ul className="check-list">
        {checks.map((c) => (
          <li key={c.id} data-testid={`check-${c.id}`}>
            <label>
              <input
                type="checkbox"
                checked={drop.has(c.id)}
                disabled={c.rows.length === 0}
                onChange={(e) => onToggle(c.id, e.target.checked)}
                aria-label={`Drop ${c.title.toLowerCase()}`}
              />
              {' '}{c.title}: <strong data-testid={`check-count-${c.id}`}>{c.rows.length.toLocaleString('en-US')}</strong>
            </label>
            {c.explanation && <span className="muted"> — {c.explanation}</span>}
            {c.rows.length > 0 && (
              <>
                {' '}
                <button type="button" onClick={() => setOpen(open === c.id ? null : c.id)} aria-expanded={open === c.id}>
                  {open === c.id ? 'Hide rows' : 'View rows'}
                </button>
                <button type="button" onClick={() => onDownload(c)}>Download CSV</button>
              </>
            )}
          </li>
        ))}
      </ul>
      {shown && (
        <RowsTable
          label={`Rows: ${shown.title}`}
          testId="cleaning-rows"
          columns={viewColumns}
          count={shown.rows.length}
          cell={(i, c) => cell(shown.rows[i], c)}
          rowNumber={(i) => shown.rows[i] + 1}
          height={220}
        />
      )}
      <p data-testid="rows-remaining">
        <strong>{remaining.toLocaleString('en-US')}</strong> of {total.toLocaleString('en-US')} rows remain
      </p>
    </section>
  );
}
