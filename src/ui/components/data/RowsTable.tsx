import { useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';

interface Props {
  columns: string[];
  /** Number of rows to show; cell(i, c) is asked only for the visible ones. */
  count: number;
  cell(index: number, column: number): string;
  /** The row number shown in the first column (1-based data-row number in the file). */
  rowNumber(index: number): number;
  label: string;
  height?: number;
  testId?: string;
}

const ROW_HEIGHT = 28;

/** A cell on one line: its line breaks shown as ↵, so a multi-line text does not read as one run-on line. */
const oneLine = (text: string) => text.replace(/\r\n|\r|\n/g, ' ↵ ');

/**
 * A virtualised table: only the visible rows are in the DOM, so 5,574 or 500,000 rows scroll the same.
 * Cells are cut to one line (line breaks marked ↵); clicking a row (or Enter on it) shows it whole below the
 * table, line breaks kept.
 */
export function RowsTable({ columns, count, cell, rowNumber, label, height = 320, testId }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState<number | null>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const template = `5em repeat(${columns.length}, minmax(8em, 1fr))`;

  return (
    <div className="rows-table" role="table" aria-label={label} aria-rowcount={count + 1} data-testid={testId}>
      <div className="rows-table-head" role="row" style={{ gridTemplateColumns: template }}>
        <span role="columnheader">row</span>
        {columns.map((c, i) => <span role="columnheader" key={i}>{c}</span>)}
      </div>
      <div ref={scrollRef} className="rows-table-scroll" style={{ height: Math.min(height, count * ROW_HEIGHT + 2) }}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => (
            <div
              key={v.key}
              role="row"
              aria-rowindex={v.index + 2}
              aria-selected={open === v.index}
              tabIndex={0}
              className={`rows-table-row${open === v.index ? ' rows-table-row-open' : ''}`}
              style={{ gridTemplateColumns: template, transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}
              onClick={() => setOpen(open === v.index ? null : v.index)}
              onKeyDown={(e) => { if (e.key === 'Enter') setOpen(open === v.index ? null : v.index); }}
            >
              <span role="cell" className="row-number">{rowNumber(v.index)}</span>
              {columns.map((_, c) => {
                const text = cell(v.index, c);
                return <span role="cell" key={c} title={text}>{oneLine(text)}</span>;
              })}
            </div>
          ))}
        </div>
      </div>
      {open !== null && open < count && (
        <RowDetail columns={columns} rowNumber={rowNumber(open)} cells={columns.map((_, c) => cell(open, c))} onClose={() => setOpen(null)} />
      )}
    </div>
  );
}

/** One row in full: every column's text with its line breaks. */
function RowDetail({ columns, rowNumber, cells, onClose }: { columns: string[]; rowNumber: number; cells: string[]; onClose(): void }) {
  return (
    <div className="row-detail" data-testid="row-detail" aria-label={`Row ${rowNumber} in full`}>
      <p><strong>Row {rowNumber}</strong> <button type="button" className="link-button" onClick={onClose}>Close</button></p>
      <dl>
        {columns.map((c, i) => (
          <div key={i}><dt>{c}</dt><dd data-column={c}>{cells[i]}</dd></div>
        ))}
      </dl>
    </div>
  );
}
