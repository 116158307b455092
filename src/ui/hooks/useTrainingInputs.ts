/**
 * What a training job needs from the earlier stages: the dataset (IndexedDB id → TrainingData) and the
 * model (model key → ModelFiles), plus the references the JobSpec records about them.
 * Loaded when the Train stage opens so the form can show what will be trained, and reused by Start and
 * by "Resume from last checkpoint" after a reload.
 */
import { useEffect, useState } from 'react';
import type { TrainingData } from '../../core/data/types';
import { buildTrainingData, splitCounts, type DatasetRecord } from '../../core/data/dataset';
import { describeSplit } from '../../core/data/split';
import { parseModelKey, resolveModelKey } from '../../core/model/sources/modelKey';
import type { ModelFiles } from '../../core/model/sources/types';
import type { DatasetRef, ModelRef } from '../../core/spec/jobSpec';
import { datasetUpdatedAt, loadDataset } from '../../storage/datasetStore';
import { createModelCache } from '../../storage/modelCache';

export interface LoadedInputs {
  data: TrainingData;
  modelFiles: ModelFiles;
  /** The dataset as chosen, its full split counts (buildJobSpec records a quick-trial sample). */
  datasetRef: Omit<DatasetRef, 'limits'>;
  modelRef: ModelRef;
}

function datasetRefOf(record: DatasetRecord, data: TrainingData): LoadedInputs['datasetRef'] {
  const m = record.mapping;
  if (!m) throw new Error(`Dataset "${record.name}" has no column mapping yet: choose the text and label columns in the Data stage.`);
  const splitMethod = describeSplit(record.split);
  return {
    id: record.id, name: record.name, textColumn: m.textColumn, textPairColumn: m.textPairColumn,
    labelColumn: m.labelColumn, labelKind: m.labelKind, splitCounts: splitCounts(data), splitMethod,
  };
}

function modelRefOf(key: string): ModelRef {
  const s = parseModelKey(key);
  switch (s.kind) {
    case 'hub': return { source: 'hub', id: s.id, revision: s.revision };
    case 'bundled': return { source: 'bundled', id: s.id };
    case 'local': return { source: 'local', id: s.name };
    default: {
      const never: never = s;
      throw new Error(`unknown model source ${JSON.stringify(never)}`);
    }
  }
}

/** The Model stage's cache: the files come from there, so a chosen model is not downloaded twice. */
export async function loadTrainingInputs(datasetId: string, modelKey: string, cache = createModelCache()): Promise<LoadedInputs> {
  const record = await loadDataset(datasetId);
  if (!record) throw new Error(`Dataset ${datasetId} is not in this browser's storage any more; import it again in the Data stage.`);
  const data = buildTrainingData(record);
  const { files } = await resolveModelKey(modelKey, { cache, baseUrl: new URL('.', document.baseURI).href });
  return { data, modelFiles: files, datasetRef: datasetRefOf(record, data), modelRef: modelRefOf(modelKey) };
}

export interface UseTrainingInputs {
  inputs: LoadedInputs | null;
  loading: boolean;
  error: string | null;
}

/**
 * The inputs loaded last, kept while the stage is closed: opening the Train stage again on the same model
 * and an unchanged dataset reuses them instead of reading the whole table and parsing the model's
 * tokenizer again on the page (hundreds of milliseconds for the bundled model, seconds for a big table).
 */
let lastLoaded: { datasetId: string; modelKey: string; savedAt: number | null; inputs: LoadedInputs } | null = null;

async function loadOrReuse(datasetId: string, modelKey: string): Promise<LoadedInputs> {
  const savedAt = await datasetUpdatedAt(datasetId);
  const last = lastLoaded;
  if (last && last.datasetId === datasetId && last.modelKey === modelKey && last.savedAt === savedAt && savedAt !== null) return last.inputs;
  const inputs = await loadTrainingInputs(datasetId, modelKey);
  lastLoaded = { datasetId, modelKey, savedAt, inputs };
  return inputs;
}

/** Loads the inputs for the chosen dataset and model; reloads when either choice changes. */
export function useTrainingInputs(datasetId: string | null, modelKey: string | null): UseTrainingInputs {
  const [state, setState] = useState<UseTrainingInputs>({ inputs: null, loading: false, error: null });
  useEffect(() => {
    if (!datasetId || !modelKey) {
      setState({ inputs: null, loading: false, error: null });
      return;
    }
    let cancelled = false;
    setState({ inputs: null, loading: true, error: null });
    loadOrReuse(datasetId, modelKey).then(
      (inputs) => { if (!cancelled) setState({ inputs, loading: false, error: null }); },
      (e: unknown) => { if (!cancelled) setState({ inputs: null, loading: false, error: e instanceof Error ? e.message : String(e) }); },
    );
    return () => { cancelled = true; };
  }, [datasetId, modelKey]);
  return state;
}
