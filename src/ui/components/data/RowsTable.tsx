import { useRef } from 'react';
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

/**
 * A virtualised table: only the visible rows are in the DOM, so 5,574 or 500,000 rows scroll the same.
 * Cells are cut to one line (the full text is in the title tooltip).
 */
export function RowsTable({ columns, count, cell, rowNumber, label, height = 320, testId }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
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
              className="rows-table-row"
              style={{ gridTemplateColumns: template, transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}
            >
              <span role="cell" className="row-number">{rowNumber(v.index)}</span>
              {columns.map((_, c) => {
                const text = cell(v.index, c);
                return <span role="cell" key={c} title={text}>{text}</span>;
              })}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
