/**
 * The Train stage's form survives a reload: the preset, every hyperparameter and the quick-trial limits are kept
 * (src/storage/formPrefs.ts) per dataset + model, and the last ones for a pair not trained before. The job name
 * is not kept: each run gets its own.
 */
import { useCallback, useEffect, useState } from 'react';
import { mergeHyperparameters, NO_LIMITS, presetHyperparameters, PRESET_NAMES, type SplitLimits } from '../../core/spec/jobSpec';
import { hasFormPrefs, loadFormPrefs, saveFormPrefs } from '../../storage/formPrefs';
import type { JobFormValue } from '../components/train/JobForm';

const SCOPE = 'train';

interface Saved { preset?: unknown; fromAuto?: unknown; hyperparameters?: unknown; limits?: Partial<SplitLimits> }

// A newcomer starts on Auto: its plan replaces these hyperparameters as soon as it is measured.
const DEFAULT_FORM: JobFormValue = { name: '', preset: 'auto', fromAuto: true, hyperparameters: presetHyperparameters('standard') };

/** A stored value made whole again: an unknown preset means Auto, missing fields take the Standard preset's values. */
function restore(saved: unknown): { form: JobFormValue; limits: SplitLimits } {
  const s = (saved && typeof saved === 'object' ? saved : {}) as Saved;
  const preset = (PRESET_NAMES as readonly unknown[]).includes(s.preset) || s.preset === 'custom' || s.preset === 'auto' ? s.preset as JobFormValue['preset'] : DEFAULT_FORM.preset;
  const fromAuto = typeof s.fromAuto === 'boolean' ? s.fromAuto : preset === 'auto';
  const hp = s.hyperparameters && typeof s.hyperparameters === 'object'
    ? mergeHyperparameters(presetHyperparameters('standard'), s.hyperparameters as Record<string, unknown>) : DEFAULT_FORM.hyperparameters;
  const count = (v: unknown) => (typeof v === 'number' && v >= 0 ? Math.floor(v) : 0);
  return { form: { name: '', preset, fromAuto, hyperparameters: hp }, limits: s.limits ? { train: count(s.limits.train), evaluation: count(s.limits.evaluation) } : NO_LIMITS };
}

export function useJobFormPrefs(datasetId: string | null, modelKey: string | null) {
  const inputsKey = datasetId && modelKey ? `${datasetId}|${modelKey}` : null;
  const [state, setState] = useState(() => restore(loadFormPrefs(SCOPE, inputsKey)));
  const [shownFor, setShownFor] = useState(inputsKey);
  // Other inputs chosen: their own saved form, if they have one (else the current form stays).
  if (shownFor !== inputsKey) {
    setShownFor(inputsKey);
    if (inputsKey && hasFormPrefs(SCOPE, inputsKey)) setState(restore(loadFormPrefs(SCOPE, inputsKey)));
  }
  useEffect(() => {
    const { form, limits } = state;
    saveFormPrefs(SCOPE, inputsKey, { preset: form.preset, fromAuto: form.fromAuto, hyperparameters: form.hyperparameters, limits });
  }, [state, inputsKey]);
  /** A new form, or a change computed from the current one (e.g. the preset re-derived for another model). */
  const setForm = useCallback((next: JobFormValue | ((form: JobFormValue) => JobFormValue)) =>
    setState((s) => ({ ...s, form: typeof next === 'function' ? next(s.form) : next })), []);
  const setLimits = useCallback((limits: SplitLimits) => setState((s) => ({ ...s, limits })), []);
  return { form: state.form, limits: state.limits, setForm, setLimits };
}
