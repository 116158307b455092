import { studyBaseTrial } from '../../../core/search/baseTrial';
import type { ParamValue } from '../../../core/search/space';
import type { Study } from '../../../core/search/study';
import { bestTrial } from '../../../core/search/study';
import { paramLabel } from './searchDraft';

const show = (v: ParamValue | undefined) => (v === undefined ? '—' : typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(3)).toString() : String(v));

interface Props {
  study: Study;
  viewed: number | null;
  onView: (trial: number) => void;
}

/** One row per trial: its values, state, objective and duration; the best one marked; a click shows its curves. */
export function TrialsTable({ study, viewed, onView }: Props) {
  const names = study.spec.space.params.map((p) => p.name);
  const best = bestTrial(study);
  // Trial 0 of a study with baseTrial is the job's own settings when they fit the space (core/search/baseTrial.ts).
  const base = studyBaseTrial(study.spec, study.baseJob);
  const isBase = (number: number) => number === 0 && base !== null && 'params' in base;
  return (
    <table className="trials-table runs-list" data-testid="trials-table">
      <thead>
        <tr><th>Trial</th><th>State</th><th>{study.spec.objective.metric}</th><th>Duration</th>{names.map((n) => <th key={n}>{paramLabel(n)}</th>)}</tr>
      </thead>
      <tbody>
        {study.trials.map((t) => (
          <tr key={t.number} data-testid="trial-row" data-trial={t.number} data-state={t.state} data-value={t.value ?? ''}
            className={t.number === viewed ? 'selected' : undefined}>
            <td><button type="button" className="link" onClick={() => onView(t.number)}>#{t.number}</button>{isBase(t.number) && <small title="the job's own settings"> (as set)</small>}{best?.number === t.number && <strong data-testid="best-trial-mark"> ★ best</strong>}</td>
            <td title={t.error}>{t.state}{t.error ? <small className="trial-why">: {t.error}</small> : null}</td>
            <td>{t.value === null ? '—' : t.value.toFixed(4)}</td>
            <td>{t.durationS.toFixed(1)} s</td>
            {names.map((n) => <td key={n}>{show(t.params[n])}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
