import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface ClassCount {
  name: string;
  count: number;
}

/** Rows per class as bars. */
export function ClassChart({ classes }: { classes: ClassCount[] }) {
  return (
    <div className="chart" data-testid="class-chart" aria-hidden="true">
      <ResponsiveContainer width="100%" height={Math.max(120, Math.min(320, 40 + classes.length * 28))}>
        <BarChart data={classes} layout="vertical" margin={{ left: 16, right: 24 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="name" width={120} />
          <Tooltip />
          <Bar dataKey="count" name="rows" fill="#3a6ff7" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
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
  return (
    <div className="chart" data-testid="split-chart" aria-hidden="true">
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={rows} margin={{ left: 8, right: 24 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" />
          <YAxis unit="%" />
          <Tooltip formatter={(v) => `${Number(v).toFixed(1)} %`} />
          <Legend />
          <Bar dataKey="train" fill="#3a6ff7" isAnimationActive={false} />
          <Bar dataKey="validation" fill="#f7a03a" isAnimationActive={false} />
          <Bar dataKey="test" fill="#3ab87a" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
