/**
 * Auto's plan for the chosen dataset and model (src/core/auto): the model's tokenizer measures up to 5,000
 * train texts, then the plan is a pure function of what it found. The measuring runs in slices of ~8 ms
 * between which the page gets the main thread back (at once it was a 0.1–2 s task: the page froze when
 * the Train stage opened, even mid-run), and once per loaded inputs: useTrainingInputs hands back the same
 * object while the dataset and model are unchanged, so opening the stage again reuses the measure.
 */
import { useEffect, useState } from 'react';
import { autoInputsWith, autoPlan, trainTokenLengthsInSlices, type AutoInputs, type AutoPlan } from '../../../core/auto';
import { createTokenizer } from '../../../core/model/tokenizer';
import { taskKindFor } from '../../../core/spec/jobSpec';
import type { LoadedInputs } from '../../hooks/useTrainingInputs';

export interface AutoState {
  plan: AutoPlan | null;
  /** What the plan was computed from (the token lengths feed the time estimate). */
  inputs: AutoInputs | null;
  error: string | null;
}

/** Lets the page handle input and paint: the scheduler's yield where the browser has it, else a task. */
function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}

const measured = new WeakMap<LoadedInputs, AutoInputs>();
const measuring = new WeakMap<LoadedInputs, Promise<AutoInputs>>();

/** The AutoInputs of `loaded`: measured once, shared by every caller until then. */
function measure(loaded: LoadedInputs): Promise<AutoInputs> {
  let pending = measuring.get(loaded);
  if (!pending) {
    pending = (async () => {
      const tokenizer = await createTokenizer(loaded.modelFiles);
      const trainTokenLengths = await trainTokenLengthsInSlices(loaded.data, tokenizer, yieldToPage);
      const inputs = autoInputsWith({ config: loaded.modelFiles.config, task: taskKindFor(loaded.data.labelKind), data: loaded.data, trainTokenLengths });
      measured.set(loaded, inputs);
      return inputs;
    })();
    measuring.set(loaded, pending);
    pending.catch(() => measuring.delete(loaded)); // a failure is tried again the next time
  }
  return pending;
}

const stateOf = (inputs: AutoInputs | undefined): AutoState => ({ plan: inputs ? autoPlan(inputs) : null, inputs: inputs ?? null, error: null });

export function useAutoPlan(loaded: LoadedInputs | null): AutoState {
  const [state, setState] = useState<AutoState>(() => stateOf(loaded ? measured.get(loaded) : undefined));
  useEffect(() => {
    if (!loaded) return;
    const known = measured.get(loaded);
    setState((s) => (known && s.inputs === known ? s : stateOf(known)));
    if (known) return;
    let live = true;
    measure(loaded).then(
      (inputs) => { if (live) setState(stateOf(inputs)); },
      (e: unknown) => {
        if (live) setState({ plan: null, inputs: null, error: `Auto could not measure the texts: ${e instanceof Error ? e.message : String(e)}` });
      },
    );
    return () => { live = false; };
  }, [loaded]);
  return state;
}
