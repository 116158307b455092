import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatTick } from './formatTick';

export interface Series {
  /** Key into each point. */
  key: string;
  label: string;
  color: string;
  dashed?: boolean;
}

interface Props {
  title: string;
  testId: string;
  points: Record<string, number | undefined>[];
  series: Series[];
  xKey?: string;
  yLabel?: string;
  logY?: boolean;
}

/**
 * One live line chart. Fixed size (no ResponsiveContainer: it measures 0 px in some layouts and then
 * draws nothing) and no animation, because points arrive every few hundred milliseconds.
 * `data-points` exposes the point count so tests and people can watch the chart grow.
 */
export function MetricChart({ title, testId, points, series, xKey = 'step', yLabel, logY }: Props) {
  return (
    <figure className="metric-chart" data-testid={testId} data-points={points.length}>
      <figcaption>{title}</figcaption>
      {points.length === 0 ? (
        <p className="chart-empty">Waiting for the first points…</p>
      ) : (
        <LineChart width={440} height={200} data={points} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey={xKey} type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} />
          <YAxis
            scale={logY ? 'log' : 'auto'}
            domain={['auto', 'auto']}
            width={56}
            tickFormatter={(v: number) => formatTick(v)}
            label={yLabel ? { value: yLabel, angle: -90, position: 'insideLeft' } : undefined}
          />
          <Tooltip formatter={(v) => (typeof v === 'number' ? formatTick(v) : String(v))} />
          <Legend />
          {series.map((s) => (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stroke={s.color}
              strokeDasharray={s.dashed ? '4 3' : undefined}
              dot={points.length < 3}
              isAnimationActive={false}
              connectNulls
            />
          ))}
        </LineChart>
      )}
    </figure>
  );
}
