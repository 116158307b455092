/**
 * The Data stage's bar charts as plain HTML bars: one element per bar, laid out by CSS. A charting library's
 * chart cost 20–35 ms of main-thread work each time the Data stage opened (Recharts: measuring, its own
 * store, layout effects), for what is a handful of bars; the numbers themselves are in the tables beside.
 */
import type { CSSProperties } from 'react';

export interface ClassCount {
  name: string;
  count: number;
}

const SPLIT_COLOURS = { train: '#3a6ff7', validation: '#f7a03a', test: '#3ab87a' } as const;

/** A bar `share` (0–1) of its track wide. */
function Bar({ share, colour, title }: { share: number; colour: string; title: string }) {
  const style: CSSProperties = { width: `${(100 * Math.max(0, Math.min(1, share))).toFixed(2)}%`, background: colour };
  return <span className="bar-track" title={title}><span className="bar" style={style} /></span>;
}

/** Rows per class as bars. */
export function ClassChart({ classes }: { classes: ClassCount[] }) {
  const max = Math.max(1, ...classes.map((c) => c.count));
  return (
    <div className="chart bar-chart" data-testid="class-chart" aria-hidden="true">
      {classes.map((c) => (
        <div className="bar-row" key={c.name}>
          <span className="bar-label" title={c.name}>{c.name}</span>
          <Bar share={c.count / max} colour={SPLIT_COLOURS.train} title={`${c.name}: ${c.count.toLocaleString()} rows`} />
          <span className="bar-value">{c.count.toLocaleString()}</span>
        </div>
      ))}
    </div>
  );
}

export interface SplitBalanceRow {
  /** Class name. */
  name: string;
  train: number;
  validation: number;
  test: number;
}

/** Share of each class within each split (percent), so an imbalanced split stands out. */
export function SplitBalanceChart({ rows }: { rows: SplitBalanceRow[] }) {
  const splits = ['train', 'validation', 'test'] as const;
  const max = Math.max(1e-9, ...rows.flatMap((r) => splits.map((s) => r[s])));
  return (
    <div className="chart bar-chart" data-testid="split-chart" aria-hidden="true">
      <ul className="bar-legend">
        {splits.map((s) => <li key={s}><span className="swatch" style={{ background: SPLIT_COLOURS[s] }} />{s}</li>)}
      </ul>
      {rows.map((r) => (
        <div className="bar-row grouped" key={r.name}>
          <span className="bar-label" title={r.name}>{r.name}</span>
          <span className="bar-group">
            {splits.map((s) => (
              <span className="bar-line" key={s}>
                <Bar share={r[s] / max} colour={SPLIT_COLOURS[s]} title={`${r.name}, ${s}: ${r[s].toFixed(1)} %`} />
                <span className="bar-value">{r[s].toFixed(1)} %</span>
              </span>
            ))}
          </span>
        </div>
      ))}
    </div>
  );
}
