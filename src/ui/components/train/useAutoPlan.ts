/**
 * Auto's plan for the chosen dataset and model (src/core/auto): the model's tokenizer measures up to 5,000
 * train texts (a second or two on the page), then the plan is a pure function of what it found.
 */
import { useEffect, useState } from 'react';
import { autoInputsFrom, autoPlan, type AutoInputs, type AutoPlan } from '../../../core/auto';
import { createTokenizer } from '../../../core/model/tokenizer';
import { taskKindFor } from '../../../core/spec/jobSpec';
import type { LoadedInputs } from '../../hooks/useTrainingInputs';

export interface AutoState {
  plan: AutoPlan | null;
  /** What the plan was computed from (the token lengths feed the time estimate). */
  inputs: AutoInputs | null;
  error: string | null;
}

export function useAutoPlan(loaded: LoadedInputs | null): AutoState {
  const [state, setState] = useState<AutoState>({ plan: null, inputs: null, error: null });
  useEffect(() => {
    if (!loaded) return;
    let live = true;
    setState({ plan: null, inputs: null, error: null });
    void (async () => {
      try {
        const tokenizer = await createTokenizer(loaded.modelFiles);
        const inputs = autoInputsFrom({ config: loaded.modelFiles.config, task: taskKindFor(loaded.data.labelKind), data: loaded.data, tokenizer });
        if (live) setState({ plan: autoPlan(inputs), inputs, error: null });
      } catch (e) {
        if (live) setState({ plan: null, inputs: null, error: `Auto could not measure the texts: ${e instanceof Error ? e.message : String(e)}` });
      }
    })();
    return () => { live = false; };
  }, [loaded]);
  return state;
}
