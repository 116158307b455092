import './search.css';
import { useEffect, useMemo, useState } from 'react';
import { defaultStudySpec } from '../../../core/search/defaults';
import { modelLimitsFromConfig } from '../../../core/search/modelLimits';
import type { StudySpec } from '../../../core/search/study';
import { validateStudySpec } from '../../../core/search/validate';
import { metricsForTask, type JobSpec, type SpecIssue } from '../../../core/spec/jobSpec';
import { loadTrainingInputs, type LoadedInputs } from '../../hooks/useTrainingInputs';
import { useStudioStore } from '../../store/context';
import { useSearchSession, useSearchState } from './searchSession';
import { SearchForm } from './SearchForm';
import { StudyView } from './StudyView';

interface Props {
  /** The job form's spec: every trial starts from it. */
  baseJob: JobSpec | null;
  baseIssues: SpecIssue[];
  inputs: LoadedInputs | null;
  datasetId: string | null;
  modelKey: string | null;
}

/** The study the form proposes for the chosen model: its family's default space, TPE, median pruning. */
function useDraft(inputs: LoadedInputs | null, baseJob: JobSpec | null) {
  const modelType = inputs ? String(inputs.modelFiles.config.model_type) : null;
  const task = baseJob?.task.kind ?? 'single_label_classification';
  const [draft, setDraft] = useState<StudySpec | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!modelType) return;
    try {
      setDraft(defaultStudySpec({ modelType, task, trials: 12 }));
      setProblem(null);
    } catch (e) {
      setProblem((e as Error).message);
    }
  }, [modelType, task]);
  const limits = useMemo(() => (inputs ? modelLimitsFromConfig(inputs.modelFiles.config) : undefined), [inputs]);
  const issues = useMemo(() => (draft && baseJob ? validateStudySpec(draft, baseJob, limits) : []), [draft, baseJob, limits]);
  return { draft, setDraft, issues, problem };
}

/** The Train stage's Search mode: the study form, Start / Stop / Resume, and the study shown live. */
export function SearchMode({ baseJob, baseIssues, inputs, datasetId, modelKey }: Props) {
  const session = useSearchSession();
  const studio = useStudioStore();
  const state = useSearchState((s) => s);
  const { draft, setDraft, issues, problem } = useDraft(inputs, baseJob);
  const [actionError, setActionError] = useState<string | null>(null);
  useEffect(() => { if (!state.loaded) void session.init(); }, [session, state.loaded]);

  const live = state.liveId !== null;
  const current = state.studies.find((s) => s.id === state.currentId) ?? null;
  const canStart = !live && draft !== null && baseJob !== null && inputs !== null && issues.length === 0 && baseIssues.length === 0;
  const start = () => {
    if (!canStart || !datasetId || !modelKey) return;
    void session.start(draft, baseJob, inputs, { datasetId, modelKey }).catch((e: unknown) => setActionError((e as Error).message));
  };
  /** The study's own dataset and model, whatever is chosen in the other stages now. */
  const ownInputs = async (id: string) => {
    const r = state.studies.find((s) => s.id === id)!;
    return r.datasetId === datasetId && r.modelKey === modelKey && inputs ? inputs : loadTrainingInputs(r.datasetId, r.modelKey);
  };
  const act = (what: string, f: () => Promise<void>) => {
    setActionError(null);
    f().catch((e: unknown) => setActionError(`Could not ${what}: ${(e as Error).message}`));
  };
  const resumable = current && current.id !== state.liveId && (current.study.stopReason === undefined || current.study.stopReason === 'stopped');

  return (
    <div className="search-mode" data-testid="search-mode">
      {problem && <p role="alert" className="error">{problem}</p>}
      {draft && <SearchForm value={draft} onChange={setDraft} baseJob={baseJob} metrics={metricsForTask(baseJob?.task.kind ?? 'single_label_classification')} issues={issues} disabled={live} />}
      {baseIssues.length > 0 && <p role="alert" className="error">Fix the job settings above first: each trial starts from them.</p>}
      <div className="train-controls">
        <div className="buttons">
          <button type="button" className="primary" onClick={start} disabled={!canStart}>Start search</button>
          <button type="button" onClick={() => session.stop()} disabled={!live || state.stopping}>Stop search</button>
          {resumable && !live && <button type="button" onClick={() => act('resume the search', async () => session.resume(current.id, await ownInputs(current.id)))}>Resume search</button>}
        </div>
        {state.studies.length > 1 && (
          <label>Study{' '}
            <select aria-label="Study shown" value={state.currentId ?? ''} disabled={live} onChange={(e) => void session.select(e.target.value)}>
              {state.studies.map((s) => <option key={s.id} value={s.id}>{s.name} · {s.createdAt.slice(0, 16).replace('T', ' ')}</option>)}
            </select>
          </label>
        )}
      </div>
      {(state.error || actionError) && <p role="alert" className="error" data-testid="search-error">{state.error ?? actionError}</p>}
      {current && (
        <StudyView key={current.id} record={current} state={state}
          onUseBest={() => act('use the best trial', async () => session.useBest(current.id, await ownInputs(current.id)))}
          onOpenModel={(id) => studio.set({ stage: 'use', trainedModelId: id })} />
      )}
    </div>
  );
}
