/**
 * The model stage: where the model comes from (the bundled offline model, a Hugging Face Hub id, or a
 * local folder), its download progress, and what was loaded. The choice goes into the studio store's
 * modelKey (saved across reloads by modelChoice.ts); the train stage resolves the same key to files.
 */
import { useCallback, useEffect, useState } from 'react';
import { useStudio, useStudioStore } from '../../store/context';
import { createModelCache } from '../../../storage/modelCache';
import { modelKeyOf, parseModelKey, rememberLocalModel, resolveModelKey } from '../../../core/model/sources/modelKey';
import { assembleLocalModel, type LocalFileLike } from '../../../core/model/sources/local';
import { BUNDLED_MODELS } from '../../../core/model/sources/bundled';
import type { ModelSource } from '../../../core/model/sources/types';
import { useModelLoader } from './useModelLoader';
import { DownloadBar } from './DownloadBar';
import { ModelSummaryView } from './ModelSummaryView';
import { LoadReportView } from './LoadReportView';
import { HubPanel, type HubRequest } from './HubPanel';
import { LocalFolderPanel } from './LocalFolderPanel';
import { DEFAULT_MODEL_KEY } from './modelChoice';
import { CachedModelsNote } from './CachedModelsNote';

type SourceKind = ModelSource['kind'];

const SOURCES: { kind: SourceKind; label: string }[] = [
  { kind: 'bundled', label: 'Bundled offline model (no download)' },
  { kind: 'hub', label: 'Hugging Face Hub' },
  { kind: 'local', label: 'Local folder' },
];

function kindOf(key: string | null): SourceKind {
  try {
    return key ? parseModelKey(key).kind : 'bundled';
  } catch {
    return 'bundled';
  }
}

export function ModelStage() {
  const store = useStudioStore();
  const modelKey = useStudio((s) => s.modelKey);
  const [cache] = useState(createModelCache);
  const [kind, setKind] = useState<SourceKind>(() => kindOf(modelKey));
  const onLoaded = useCallback((key: string) => store.set({ modelKey: key }), [store]);
  const { state, load, cancel } = useModelLoader(onLoaded);
  const baseUrl = new URL(import.meta.env.BASE_URL, location.href).href;

  const loadKey = useCallback((key: string, what: string) => load(what, async (onProgress, signal) => ({
    key, ...(await resolveModelKey(key, { cache, baseUrl, onProgress, signal })),
  })), [load, cache, baseUrl]);

  // Show the current choice (restored after a reload: Hub files come from the cache).
  const initialKey = modelKey ?? DEFAULT_MODEL_KEY;
  useEffect(() => {
    void loadKey(initialKey, describeKey(initialKey));
    // Only on entering the stage: later loads are started by the person.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const loadHub = (r: HubRequest) => {
    const key = modelKeyOf({ kind: 'hub', ...r });
    void loadKey(key, r.id);
  };
  const loadLocal = (files: LocalFileLike[]) => void load('the local folder', async () => {
    const assembled = await assembleLocalModel(files);
    if (cache) await rememberLocalModel(assembled, cache);
    return { key: modelKeyOf(assembled.source), files: assembled, fromCache: false };
  });

  const loaded = state.status === 'loaded' ? state : null;
  return (
    <section aria-label="Model">
      <h2>Model</h2>
      <fieldset className="card" data-testid="model-source" style={{ display: 'flex', gap: '8px 24px', flexWrap: 'wrap' }}>
        <legend>Where the model comes from</legend>
        {SOURCES.map((s) => (
          <label key={s.kind}>
            <input type="radio" name="model-source" value={s.kind} checked={kind === s.kind}
              data-testid={`model-source-${s.kind}`} onChange={() => setKind(s.kind)} /> {s.label}
          </label>
        ))}
      </fieldset>

      {kind === 'bundled' && BUNDLED_MODELS.map((m) => (
        <div className="card" key={m.id} data-testid="bundled-model" data-bundled-id={m.id}>
          <h3>{m.title}</h3>
          <p>{m.description.what}</p>
          <p><strong>Good at:</strong> {m.description.goodAt}</p>
          <p data-testid="bundled-measured"><strong>Measured:</strong> {m.description.compared}</p>
          <button type="button" data-testid="bundled-load" disabled={state.status === 'loading'}
            onClick={() => void loadKey(modelKeyOf({ kind: 'bundled', id: m.id }), m.title)}>Use this model</button>
        </div>
      ))}
      {kind === 'hub' && <HubPanel onLoad={loadHub} busy={state.status === 'loading'} chosen={chosenHub(modelKey)} />}
      {kind !== 'bundled' && <CachedModelsNote changed={state.status === 'loaded' ? state.key : state.status} />}
      {kind === 'local' && <LocalFolderPanel onFiles={loadLocal} />}

      {state.status === 'loading' && (
        <div className="inline-form">
          <DownloadBar what={state.what} progress={state.progress} />
          <button type="button" onClick={cancel} data-testid="model-cancel">Cancel</button>
        </div>
      )}
      {state.status === 'error' && (
        <>
          <p className="error" role="alert" data-testid="model-error">Could not load {state.what}: {state.message}</p>
          <StillChosen modelKey={modelKey} />
        </>
      )}
      {loaded && (
        <>
          {loaded.progress && !loaded.fromCache && <DownloadBar what={loaded.what} progress={loaded.progress} done />}
          {loaded.key === modelKey && <p data-testid="model-chosen">✔ This model is chosen for training.</p>}
          {loaded.reportError && <p className="error" role="alert" data-testid="model-error">This model cannot be trained here: {loaded.reportError}</p>}
          <ModelSummaryView summary={loaded.summary} source={loaded.files.source} fromCache={loaded.fromCache} />
          {loaded.report && <LoadReportView report={loaded.report} />}
        </>
      )}
    </section>
  );
}

/** The Hub model chosen now, to fill the Hub fields with (after a reload too). */
function chosenHub(key: string | null): HubRequest | undefined {
  try {
    const s = key ? parseModelKey(key) : null;
    return s?.kind === 'hub' ? { id: s.id, revision: s.revision, host: s.host } : undefined;
  } catch {
    return undefined;
  }
}

/** After a failed load: what training will use now, and the sources that need no download. */
function StillChosen({ modelKey }: { modelKey: string | null }) {
  return (
    <p className="card" data-testid="model-still-chosen">
      {modelKey ? <>✔ Still chosen for training: <strong>{describeKey(modelKey)}</strong>. </> : null}
      Without the Hub you can train with the <strong>bundled offline model</strong> (no download) or pick a <strong>local folder</strong> saved
      with save_pretrained() — both under &ldquo;Where the model comes from&rdquo; above.
    </p>
  );
}

function describeKey(key: string): string {
  try {
    const s = parseModelKey(key);
    return s.kind === 'hub' ? s.id : s.kind === 'local' ? `the folder ${s.name}` : BUNDLED_MODELS.find((m) => m.id === s.id)?.title ?? s.id;
  } catch {
    return key;
  }
}
