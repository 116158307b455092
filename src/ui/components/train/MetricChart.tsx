import { memo, useMemo, useState, type PointerEvent } from 'react';
import { formatTick } from './formatTick';
import { decimateMinMax, nearestIndex, pathOf, scale, stepAxis, valueAxis, type XY } from './lineChart';

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
  /** Sorted by x; a point without a series' key (or with a non-finite value) is skipped, and the line joins across it. */
  points: readonly Record<string, number | undefined>[];
  series: readonly Series[];
  xKey?: string;
}

const WIDTH = 440;
const HEIGHT = 200;
const MARGIN = { top: 8, right: 16, bottom: 22, left: 60 };
/** Pixel columns of the plot: each series is drawn with at most two points per column. */
export const PLOT_WIDTH = WIDTH - MARGIN.left - MARGIN.right;

/** [min, max] of the finite values ([Infinity, -Infinity] when none). */
function extent(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  return [lo, hi];
}

/** Everything drawn that depends on the data, computed once per change of points or series. */
function geometry(points: Props['points'], series: readonly Series[], xKey: string) {
  const xs = points.map((p) => p[xKey] ?? NaN);
  const data = series.map((s) => {
    const xy: XY[] = [];
    points.forEach((p, i) => { const y = p[s.key]; if (y !== undefined && Number.isFinite(y) && Number.isFinite(xs[i])) xy.push({ x: xs[i], y }); });
    return xy;
  });
  const [x0, x1] = extent(xs);
  const [y0, y1] = extent(data.flatMap((xy) => xy.map((p) => p.y)));
  const xAxis = stepAxis(x0, x1);
  const yAxis = valueAxis(y0, y1);
  const sx = scale(xAxis, MARGIN.left, WIDTH - MARGIN.right);
  const sy = scale(yAxis, HEIGHT - MARGIN.bottom, MARGIN.top);
  const lines = data.map((xy) => {
    const drawn = decimateMinMax(xy, PLOT_WIDTH).map((p) => ({ x: sx(p.x), y: sy(p.y) }));
    return { d: pathOf(drawn), vertices: drawn.length, dots: points.length < 3 ? drawn : [] };
  });
  return { xs, xAxis, yAxis, sx, sy, lines };
}

/**
 * One live line chart, drawn as plain SVG: a path per series, decimated to the plot's pixel width (see
 * lineChart.ts), so a redraw costs well under a millisecond whatever the run's length — a general chart
 * library spent 100+ ms per redraw here, several times a second. Memoised: it redraws only when its
 * points or series change. `data-points` exposes the point count so tests and people can watch it grow;
 * each line's `data-vertices` how many points it is drawn with.
 */
export const MetricChart = memo(function MetricChart({ title, testId, points, series, xKey = 'step' }: Props) {
  const g = useMemo(() => (points.length ? geometry(points, series, xKey) : null), [points, series, xKey]);
  const [hover, setHover] = useState<number | null>(null);
  const onMove = (e: PointerEvent<SVGSVGElement>) => {
    if (!g) return;
    const box = e.currentTarget.getBoundingClientRect();
    const px = ((e.clientX - box.left) * WIDTH) / (box.width || WIDTH);
    const x = g.xAxis.lo + ((px - MARGIN.left) / PLOT_WIDTH) * (g.xAxis.hi - g.xAxis.lo);
    setHover(nearestIndex(g.xs, x));
  };
  const hovered = g && hover !== null && hover < points.length ? points[hover] : null;
  return (
    <figure className="metric-chart" data-testid={testId} data-points={points.length}>
      <figcaption>{title}</figcaption>
      {!g ? (
        <p className="chart-empty">Waiting for the first points…</p>
      ) : (
        <>
          <svg width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title}
            onPointerMove={onMove} onPointerLeave={() => setHover(null)}>
            <Axes g={g} />
            {g.lines.map((l, i) => (
              <g key={series[i].key}>
                <path d={l.d} fill="none" stroke={series[i].color} strokeWidth={1.5} strokeDasharray={series[i].dashed ? '4 3' : undefined}
                  data-series={series[i].key} data-vertices={l.vertices} />
                {l.dots.map((p, j) => <circle key={j} cx={p.x} cy={p.y} r={3} fill="#fff" stroke={series[i].color} />)}
              </g>
            ))}
            {hovered && <HoverMarks x={g.sx(g.xs[hover!])} ys={series.map((s) => hovered[s.key]).map((v) => (v !== undefined && Number.isFinite(v) ? g.sy(v) : null))} series={series} />}
          </svg>
          {hovered && (
            <div className="chart-tooltip" data-testid={`${testId}-tooltip`}>
              <div>{xKey} {g.xs[hover!]}</div>
              {series.map((s) => (hovered[s.key] !== undefined
                ? <div key={s.key} style={{ color: s.color }}>{s.label}: {formatTick(hovered[s.key]!)}</div> : null))}
            </div>
          )}
          <ul className="chart-legend">
            {series.map((s) => (
              <li key={s.key}>
                <svg width={16} height={8} aria-hidden="true"><line x1={0} y1={4} x2={16} y2={4} stroke={s.color} strokeWidth={2} strokeDasharray={s.dashed ? '4 3' : undefined} /></svg>
                {s.label}
              </li>
            ))}
          </ul>
        </>
      )}
    </figure>
  );
});

function Axes({ g }: { g: ReturnType<typeof geometry> }) {
  const bottom = HEIGHT - MARGIN.bottom;
  return (
    <g className="chart-axes" fontSize={11} fill="#666">
      {g.yAxis.ticks.map((t) => (
        <g key={`y${t}`}>
          <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={g.sy(t)} y2={g.sy(t)} stroke="#ddd" strokeDasharray="3 3" />
          <text x={MARGIN.left - 6} y={g.sy(t)} textAnchor="end" dominantBaseline="middle">{formatTick(t)}</text>
        </g>
      ))}
      {g.xAxis.ticks.map((t) => (
        <g key={`x${t}`}>
          <line x1={g.sx(t)} x2={g.sx(t)} y1={MARGIN.top} y2={bottom} stroke="#ddd" strokeDasharray="3 3" />
          <text x={g.sx(t)} y={bottom + 14} textAnchor="middle">{t}</text>
        </g>
      ))}
      <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={bottom} y2={bottom} stroke="#999" />
      <line x1={MARGIN.left} x2={MARGIN.left} y1={MARGIN.top} y2={bottom} stroke="#999" />
    </g>
  );
}

function HoverMarks({ x, ys, series }: { x: number; ys: (number | null)[]; series: readonly Series[] }) {
  return (
    <g pointerEvents="none">
      <line x1={x} x2={x} y1={MARGIN.top} y2={HEIGHT - MARGIN.bottom} stroke="#888" />
      {ys.map((y, i) => (y === null ? null : <circle key={series[i].key} cx={x} cy={y} r={3.5} fill={series[i].color} />))}
    </g>
  );
}
