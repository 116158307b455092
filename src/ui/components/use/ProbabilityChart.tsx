import { Bar, CartesianGrid, Cell, ComposedChart, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';

interface Props {
  labels: string[];
  probs: number[];
  /** Highlighted bars (the predicted labels). */
  chosen: Set<string>;
  /** Per-label decision thresholds, drawn as red marks on the bars (multi-label, tuned binary). */
  thresholds?: Record<string, number>;
}

/** Class probabilities as horizontal bars; predicted labels stand out; thresholds are marked. */
export function ProbabilityChart({ labels, probs, chosen, thresholds }: Props) {
  const data = labels.map((label, i) => ({ label, p: probs[i], t: thresholds?.[label] }));
  const height = Math.max(120, 36 * labels.length + 40);
  return (
    <div style={{ width: '100%', height }} aria-hidden="true">
      <ResponsiveContainer>
        <ComposedChart data={data} layout="vertical" margin={{ left: 24, right: 24 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" domain={[0, 1]} tickFormatter={(v: number) => `${Math.round(v * 100)} %`} />
          <YAxis type="category" dataKey="label" width={120} />
          <Tooltip formatter={(v) => `${(Number(v) * 100).toFixed(2)} %`} />
          <Bar dataKey="p" name="probability" isAnimationActive={false}>
            {data.map((d) => <Cell key={d.label} fill={chosen.has(d.label) ? '#2563eb' : '#94a3b8'} />)}
          </Bar>
          {thresholds && <Scatter dataKey="t" name="threshold" fill="#dc2626" shape="diamond" isAnimationActive={false} />}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
