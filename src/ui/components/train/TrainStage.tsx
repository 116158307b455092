import './train.css';
import { useEffect, useMemo, useState } from 'react';
import { buildJobSpec, defaultJobName, uniqueRunName } from '../../../core/spec/buildJobSpec';
import { metricsForTask, PRESETS, taskKindFor } from '../../../core/spec/jobSpec';
import { presetHyperparametersFor } from '../../../core/spec/presets';
import { validateJobSpec } from '../../../core/spec/validate';
import { loadTrainingInputs, useTrainingInputs } from '../../hooks/useTrainingInputs';
import { useTrainingSession, useTrainingState } from '../../hooks/useTrainingSession';
import { useStudio, useStudioStore } from '../../store/context';
import { SearchMode } from '../search/SearchMode';
import { useSearchState } from '../search/searchSession';
import { TrainModeSwitch, type TrainMode } from '../search/TrainModeSwitch';
import { CheckpointLine } from './CheckpointLine';
import { CompareRuns } from './CompareRuns';
import { EvalPanel } from './EvalPanel';
import { JobForm } from './JobForm';
import { ProgressBar } from './ProgressBar';
import { QuickTrialFields } from './QuickTrialFields';
import { RunCharts } from './RunCharts';
import { RunLog } from './RunLog';
import { RunsList } from './RunsList';
import { TrainControls } from './TrainControls';
import { RunTiming } from './RunTiming';
import { useJobFormPrefs } from '../../hooks/useJobFormPrefs';
import { useStoredCheckpoints } from '../../hooks/useStoredCheckpoints';
import { AutoPanel } from './AutoPanel';
import { OneClassBanner } from './OneClassBanner';
import { useAutoPlan } from './useAutoPlan';
import { reconcileDecisions } from '../../../core/auto';

const newJobId = () => `job-${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 6)}`;

/** The Train stage: job form, controls, live charts and evaluations, and the list of runs. */
export function TrainStage() {
  const studio = useStudioStore();
  const datasetId = useStudio((s) => s.datasetId);
  const modelKey = useStudio((s) => s.modelKey);
  const { inputs, loading, error: inputError } = useTrainingInputs(datasetId, modelKey);
  const session = useTrainingSession();
  const { jobs, liveJobId, backend, startError, loaded } = useTrainingState((s) => s);
  const { form, setForm, limits, setLimits } = useJobFormPrefs(datasetId, modelKey);
  const auto = useAutoPlan(inputs);
  const [viewedId, setViewedId] = useState<string | null>(null);
  const [compareIds, setCompareIds] = useState<string[]>([]);
  const [mode, setMode] = useState<TrainMode>('single');
  const searchLive = useSearchState((s) => s.liveId !== null);

  useEffect(() => { if (!loaded) void session.init(); }, [session, loaded]);

  // A preset means that model family's preset: re-derive it when the model (or the task) changes.
  const modelType = inputs ? String(inputs.modelFiles.config.model_type) : undefined;
  const task = inputs ? taskKindFor(inputs.datasetRef.labelKind) : undefined;
  useEffect(() => {
    if (!modelType) return;
    setForm((f) => (f.preset === 'custom' || f.preset === 'auto' ? f
      : { ...f, hyperparameters: { ...presetHyperparametersFor(modelType, f.preset, task), backend: f.hyperparameters.backend } }));
  }, [modelType, task, setForm]);
  // Auto's plan, once measured, is the job's settings while Auto is chosen.
  useEffect(() => {
    if (auto.plan) setForm((f) => (f.preset === 'auto' ? { ...f, hyperparameters: { ...auto.plan!.hyperparameters, backend: f.hyperparameters.backend } } : f));
  }, [auto.plan, setForm]);

  // Unnamed runs are named after their data, model and preset, numbered when that name is taken.
  const autoName = useMemo(() => (inputs ? uniqueRunName(
    `${defaultJobName(inputs.datasetRef.name, inputs.modelRef.id)} · ${form.preset === 'auto' ? 'Auto' : PRESETS.find((p) => p.name === form.preset)?.label ?? 'custom'}`,
    jobs.map((j) => j.spec.name)) : ''), [inputs, form.preset, jobs]);
  const spec = useMemo(() => (inputs ? buildJobSpec({
    name: form.name.trim() || autoName, dataset: inputs.datasetRef, model: inputs.modelRef, labelNames: inputs.data.labelNames,
    hyperparameters: form.hyperparameters, limits,
    ...(form.fromAuto && auto.plan ? { autoDecisions: reconcileDecisions(auto.plan.decisions, form.hyperparameters) } : {}),
  }) : null), [form, inputs, limits, autoName, auto.plan]);
  const autoPending = form.preset === 'auto' && !auto.plan && !auto.error;
  const issues = useMemo(() => (spec ? validateJobSpec(spec) : []), [spec]);
  const liveJob = jobs.find((j) => j.id === liveJobId) ?? null;
  const shownId = viewedId ?? liveJobId ?? jobs[0]?.id ?? null;
  const shown = jobs.find((j) => j.id === shownId) ?? null;
  const h = shown?.history;
  // The checkpoints really in storage, read again as runs start, write checkpoints and end.
  const stored = useStoredCheckpoints(jobs.map((j) => `${j.id}:${j.status}:${j.history.checkpoints.length}:${j.checkpointNote ?? ''}`).join());
  const shownLive = shown !== null && shown.id === liveJobId;
  const canResumeShown = shown !== null && !shownLive && (shown.status === 'interrupted' || (shown.status === 'failed' && !shown.history.done))
    && (stored?.get(shown.id)?.length ?? 0) > 0;

  const start = () => {
    if (!spec || !inputs || issues.length > 0) return;
    const id = newJobId();
    setViewedId(id);
    studio.set({ jobId: id });
    if (datasetId && modelKey) void session.start(id, spec, inputs, { datasetId, modelKey });
  };
  const [resumeError, setResumeError] = useState<string | null>(null);
  /** Continues a cut-off run from its newest checkpoint, or (`restart`) trains it again from the start. */
  const resumeJob = async (id: string, restart = false) => {
    const job = jobs.find((j) => j.id === id);
    if (!job) return;
    setViewedId(id);
    setResumeError(null);
    studio.set({ jobId: id });
    try {
      // The job's own dataset and model, whatever is chosen in the other stages now.
      const own = job.datasetId === datasetId && job.modelKey === modelKey && inputs ? inputs : await loadTrainingInputs(job.datasetId, job.modelKey);
      if (restart) await session.start(id, job.spec, own, { datasetId: job.datasetId, modelKey: job.modelKey });
      else await session.resumeFromCheckpoint(id, own);
    } catch (e) {
      setResumeError(`Could not ${restart ? 'start again' : 'resume'} ${job.spec.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  return (
    <section aria-label="Train" className="train-stage">
      <h2>Train</h2>
      <div className="train-inputs" data-testid="train-inputs">
        {!datasetId && <p>No dataset chosen yet. <button type="button" onClick={() => studio.set({ stage: 'data' })}>Go to Data</button></p>}
        {!modelKey && <p>No model chosen yet. <button type="button" onClick={() => studio.set({ stage: 'model' })}>Go to Model</button></p>}
        {loading && <p>Loading the dataset and the model…</p>}
        {inputError && <p role="alert" className="error">{inputError}</p>}
        {inputs && (
          <p data-testid="train-inputs-summary">
            Dataset <strong>{inputs.datasetRef.name}</strong>: {inputs.datasetRef.splitCounts.train} train / {inputs.datasetRef.splitCounts.validation} validation / {inputs.datasetRef.splitCounts.test} test
            ({inputs.datasetRef.splitMethod}); labels {inputs.data.labelNames.join(', ') || '(regression)'}.
            {' '}Model <strong>{inputs.modelRef.id}</strong> ({inputs.modelRef.source}).
          </p>
        )}
      </div>
      <TrainModeSwitch mode={mode} onChange={setMode} disabled={liveJobId !== null || searchLive} />
      {inputs && spec && (
        <AutoPanel plan={auto.plan} inputs={auto.inputs} error={auto.error} hyperparameters={form.hyperparameters}
          rows={spec.dataset.splitCounts} active={form.fromAuto === true} />
      )}
      <details className="advanced" data-testid="train-advanced">
        <summary>Advanced: presets and every setting</summary>
        <JobForm value={form} onChange={setForm} issues={issues} disabled={liveJobId !== null || searchLive} modelType={modelType} task={task}
          autoHyperparameters={auto.plan?.hyperparameters ?? null}
          metrics={metricsForTask(spec?.task.kind ?? 'single_label_classification')} labelNames={inputs?.data.labelNames ?? []} />
        <QuickTrialFields value={limits} onChange={setLimits} disabled={liveJobId !== null || searchLive} />
      </details>
      {mode === 'search' && <SearchMode baseJob={spec} baseIssues={issues} inputs={inputs} datasetId={datasetId} modelKey={modelKey} />}
      {mode === 'single' && <>
      <TrainControls liveStatus={liveJob?.status ?? null} canStart={spec !== null && issues.length === 0 && !searchLive && !autoPending} backend={backend}
        onStart={start} onPause={() => session.pause()} onCancel={() => session.cancel()}
        onResume={() => (liveJob ? session.resume() : shown && void resumeJob(shown.id))} canResumeStored={canResumeShown} />
      {(startError || resumeError) && <p role="alert" className="error" data-testid="train-error">{startError ?? resumeError}</p>}
      {shown && h && (
        <div className="run-view" data-testid="run-view" data-job-id={shown.id} data-status={shown.status}>
          <h3>{shown.spec.name} <small>({shown.status})</small></h3>
          {shown.message && <p data-testid="run-message">{shown.message}</p>}
          {shown.id !== liveJobId && shown.backend && (
            <p className="backend-choice" data-testid="run-backend">Trained on <strong>{shown.backend.name}</strong> — {shown.backend.reason}</p>
          )}
          {shown.trainedModelId && (
            <p data-testid="trained-model">
              The best checkpoint is saved as a trained model.{' '}
              <button type="button" onClick={() => studio.set({ stage: 'use', trainedModelId: shown.trainedModelId ?? null })}>Try it in the Use stage</button>
            </p>
          )}
          <OneClassBanner history={h} />
          <CheckpointLine history={h} live={shownLive} stored={stored?.get(shown.id) ?? (stored ? [] : undefined)} note={shown.checkpointNote} />
          <ProgressBar step={h.progress.step} totalSteps={h.progress.totalSteps} etaSeconds={h.progress.etaSeconds}
            startStep={h.started?.startStep ?? 0} running={shownLive && shown.status === 'running'} />
          <RunTiming job={shown} live={shownLive} />
          <RunCharts steps={h.steps} validation={h.validation} />
          <EvalPanel history={h} />
          <RunLog lines={h.log ?? []} />
        </div>
      )}
      <h3>Runs</h3>
      <RunsList jobs={jobs} liveJobId={liveJobId} viewedJobId={shownId} compareIds={compareIds} canResume stored={stored}
        onView={setViewedId} onResume={(id) => void resumeJob(id)} onRestart={(id) => void resumeJob(id, true)}
        onToggleCompare={(id) => setCompareIds((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c.slice(-1), id]))} />
      <CompareRuns runs={compareIds.map((id) => jobs.find((j) => j.id === id)).filter((j) => j !== undefined)} />
      </>}
    </section>
  );
}
