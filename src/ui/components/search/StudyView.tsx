import { useMemo, useState } from 'react';
import { bestTrial, countByState } from '../../../core/search/study';
import { describeParam } from '../../../core/search/space';
import type { EvalMetrics } from '../../../core/train/metrics';
import type { StudyRecord } from '../../../storage/studyStore';
import { CheckpointLine } from '../train/CheckpointLine';
import { EvalDetail } from '../train/EvalPanel';
import { ProgressBar } from '../train/ProgressBar';
import { RunCharts } from '../train/RunCharts';
import type { SearchState } from './searchSession';
import { paramLabel } from './searchDraft';
import { BestSoFarChart, ImportanceBars, OverlaidCurves, ParamScatter } from './StudyCharts';
import { TrialsTable } from './TrialsTable';

export type StudyStatus = 'running' | 'interrupted' | 'stopped';

export function studyStatus(record: StudyRecord, liveId: string | null): StudyStatus {
  if (record.id === liveId) return 'running';
  return record.study.stopReason === undefined ? 'interrupted' : 'stopped';
}

interface Props {
  record: StudyRecord;
  state: SearchState;
  onUseBest: () => void;
  onOpenModel: (id: string) => void;
}

function BestLine({ record }: { record: StudyRecord }) {
  const best = bestTrial(record.study);
  const s = record.study.spec;
  if (!best) return <p data-testid="study-best">No trial has completed yet.</p>;
  return (
    <p data-testid="study-best" data-trial={best.number} data-value={best.value!}>
      Best so far: <strong>trial {best.number}</strong>, validation {s.objective.metric} <strong>{best.value!.toFixed(4)}</strong> with{' '}
      {s.space.params.filter((p) => best.params[p.name] !== undefined)
        .map((p) => `${paramLabel(p.name)} ${String(Number.isFinite(best.params[p.name] as number) ? Number((best.params[p.name] as number).toPrecision(3)) : best.params[p.name])}`).join(', ')}.
    </p>
  );
}

/** The best trial's model: "Use the best trial" once, then its test scores (scored that once) and a link to the Use stage. */
function FinalModel({ record, state, onUseBest, onOpenModel }: Props) {
  const canUse = bestTrial(record.study) !== null && record.id !== state.liveId;
  if (!record.trainedModelId) {
    return (
      <div className="study-final">
        <button type="button" className="primary" disabled={!canUse || state.finalizing} onClick={onUseBest}>Use the best trial</button>
        {state.finalizing && <span data-testid="study-finalizing"> Scoring the best trial on the test split…</span>}
        <small className="help"> Makes the best trial&apos;s best checkpoint the trained model and scores the test split once, for it only.</small>
      </div>
    );
  }
  const test = record.finalized?.test as EvalMetrics | null | undefined;
  return (
    <div className="study-final" data-testid="study-final" data-model-id={record.trainedModelId}>
      <p>Trial {record.finalized?.trial} is saved as a trained model; its model card records this search.{' '}
        <button type="button" onClick={() => onOpenModel(record.trainedModelId!)}>Try it in the Use stage</button></p>
      {test ? <EvalDetail metrics={test} split="test" /> : <p>The dataset has no test split: nothing was scored on it.</p>}
    </div>
  );
}

/** A study: status, the trials table, best so far, the charts, the viewed trial's own curves, and its model. */
export function StudyView(props: Props) {
  const { record, state } = props;
  const study = record.study;
  const status = studyStatus(record, state.liveId);
  const running = study.trials.find((t) => t.state === 'running');
  const [viewed, setViewed] = useState<number | null>(null);
  const shown = viewed ?? running?.number ?? study.trials.at(-1)?.number ?? null;
  const h = shown === null ? undefined : state.histories[shown];
  // The trial the worker runs now: its events are the truth; any other trial shows what its events left.
  const trialLive = status === 'running' && shown !== null && shown === running?.number;
  const c = countByState(study);
  // Step events re-render this view several times a second; the table and the study's charts change only
  // when the study does (a new object per change), so they are built once per study — the page stays free
  // to pass a pruner's cancel to the worker at once.
  const studyParts = useMemo(() => (
    <>
      <TrialsTable study={study} viewed={shown} onView={setViewed} />
      <div className="run-charts">
        <BestSoFarChart study={study} />
        <ParamScatter study={study} />
        <OverlaidCurves study={study} />
        <ImportanceBars study={study} />
      </div>
    </>
  ), [study, shown]);
  return (
    <div className="study-view run-view" data-testid="study-view" data-study-id={record.id} data-status={status} data-stop-reason={study.stopReason ?? ''}
      data-trials={study.trials.length} data-complete={c.complete} data-pruned={c.pruned} data-failed={c.failed}>
      <h3>{record.name} <small>(search {status}{study.stopMessage && status === 'stopped' ? `: ${study.stopMessage}` : ''})</small></h3>
      <p className="help">{study.spec.sampler.kind} sampler, {study.spec.pruner.kind} pruner; {study.spec.space.params.map((p) => `${paramLabel(p.name)} ${describeParam(p)}`).join('; ')}.</p>
      {state.notices.length > 0 && <ul className="study-notices" data-testid="study-notices">{state.notices.map((n, i) => <li key={i}>{n}</li>)}</ul>}
      <p data-testid="study-counts">{study.trials.length} trials: {c.complete} complete, {c.pruned} pruned, {c.failed} failed{c.running ? `, ${c.running} ${status === 'running' ? 'running' : 'interrupted'}` : ''}.</p>
      <BestLine record={record} />
      <FinalModel {...props} />
      {studyParts}
      {shown !== null && h && (
        <section className="trial-run" data-testid="trial-run" data-trial={shown} data-step={h.progress.step} data-total={h.progress.totalSteps} aria-label={`Trial ${shown}`}>
          <h4>Trial {shown}</h4>
          <CheckpointLine history={h} live={trialLive} stored={undefined} />
          <ProgressBar step={h.progress.step} totalSteps={h.progress.totalSteps} etaSeconds={h.progress.etaSeconds} startStep={h.started?.startStep ?? 0} running={trialLive} />
          <RunCharts steps={h.steps} validation={h.validation} />
        </section>
      )}
    </div>
  );
}
