import { useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { Study } from '../../../core/search/study';
import { paramLabel } from './searchDraft';
import { bestSoFar, overlaidCurves, parameterImportance, scatterPoints } from './studyView';

const STATE_COLORS = { complete: '#1d4ed8', pruned: '#ea580c', failed: '#9ca3af', running: '#16a34a' } as const;
const fmt = (v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(4)).toString() : String(v));

/** Best-so-far against trial number, each complete trial's own value as a dot. Fixed size, no animation (as MetricChart). */
export function BestSoFarChart({ study }: { study: Study }) {
  const points = bestSoFar(study);
  return (
    <figure className="metric-chart" data-testid="chart-best-so-far" data-points={points.length}>
      <figcaption>Best {study.spec.objective.metric} so far, by trial</figcaption>
      <LineChart width={440} height={200} data={points} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="trial" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} />
        <YAxis domain={['auto', 'auto']} width={56} tickFormatter={fmt} />
        <Tooltip formatter={fmt} />
        <Legend />
        <Line dataKey="best" name="best so far" stroke="#1d4ed8" isAnimationActive={false} connectNulls type="stepAfter" />
        <Line dataKey="value" name="trial" stroke="none" dot={{ r: 3 }} isAnimationActive={false} />
      </LineChart>
    </figure>
  );
}

/** The objective against one parameter (chosen), complete trials only. */
export function ParamScatter({ study }: { study: Study }) {
  const names = study.spec.space.params.map((p) => p.name);
  const [chosen, setChosen] = useState(names[0] ?? '');
  const param = names.includes(chosen) ? chosen : names[0] ?? '';
  const spec = study.spec.space.params.find((p) => p.name === param);
  const points = scatterPoints(study, param);
  const numeric = spec?.kind !== 'categorical';
  return (
    <figure className="metric-chart" data-testid="chart-param-scatter" data-points={points.length} data-param={param}>
      <figcaption>
        {study.spec.objective.metric} against{' '}
        <select aria-label="Parameter on the x axis" value={param} onChange={(e) => setChosen(e.target.value)}>
          {names.map((n) => <option key={n} value={n}>{paramLabel(n)}</option>)}
        </select>
      </figcaption>
      <ScatterChart width={440} height={200} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="x" name={paramLabel(param)} type={numeric ? 'number' : 'category'} scale={numeric && spec?.log ? 'log' : 'auto'}
          domain={['auto', 'auto']} tickFormatter={fmt} allowDuplicatedCategory={false} />
        <YAxis dataKey="y" name={study.spec.objective.metric} domain={['auto', 'auto']} width={56} tickFormatter={fmt} />
        <Tooltip formatter={fmt} />
        <Scatter data={points} fill="#1d4ed8" isAnimationActive={false} />
      </ScatterChart>
    </figure>
  );
}

/** Every trial's validation objective by evaluation, overlaid; pruned trials dashed orange, failed grey. */
export function OverlaidCurves({ study }: { study: Study }) {
  const points = overlaidCurves(study);
  return (
    <figure className="metric-chart" data-testid="chart-trial-curves" data-points={points.length}>
      <figcaption>Validation {study.spec.objective.metric} per evaluation, all trials (pruned dashed)</figcaption>
      <LineChart width={440} height={200} data={points} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} />
        <YAxis domain={['auto', 'auto']} width={56} tickFormatter={fmt} />
        <Tooltip formatter={fmt} />
        {study.trials.map((t) => (
          <Line key={t.number} dataKey={`t${t.number}`} name={`trial ${t.number} (${t.state})`} stroke={STATE_COLORS[t.state]}
            strokeDasharray={t.state === 'pruned' ? '4 3' : undefined} dot={points.length < 3} isAnimationActive={false} connectNulls />
        ))}
      </LineChart>
    </figure>
  );
}

/** Which parameters mattered: the share each explains alone (see parameterImportance). */
export function ImportanceBars({ study }: { study: Study }) {
  const rows = parameterImportance(study);
  return (
    <figure className="importance" data-testid="param-importance">
      <figcaption>Which parameters mattered</figcaption>
      {rows.length === 0 ? <p className="help">Shown from 3 complete trials on.</p> : (
        <table>
          <tbody>
            {rows.map((r) => (
              <tr key={r.name} data-testid="importance-row" data-name={r.name} data-share={r.share}>
                <th scope="row">{paramLabel(r.name)}</th>
                <td><span className="bar" style={{ width: `${Math.round(r.share * 160)}px` }} /> {(r.share * 100).toFixed(0)} %</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="help">Each parameter alone, over the complete trials: the share of the objective&apos;s variation it explains —
        Spearman&apos;s ρ² for numbers, the correlation ratio η² for choices — scaled to add up to 100 %. It ignores interactions; with few trials it is a hint.</p>
    </figure>
  );
}
