import { useRef, useState } from 'react';
import { savedHubHost, saveHubHost } from './modelChoice';
import { DEFAULT_HUB_HOST } from '../../../core/model/sources/hub';

export const HUB_SUGGESTIONS: { id: string; note: string }[] = [
  { id: 'google/bert_uncased_L-2_H-128_A-2', note: 'bert-tiny, 4.4 M parameters, 17 MB: fastest' },
  { id: 'prajjwal1/bert-mini', note: 'bert-mini, 11 M parameters, 45 MB' },
  { id: 'sentence-transformers/all-MiniLM-L6-v2', note: 'MiniLM-L6, 23 M parameters, 90 MB' },
  { id: 'distilbert-base-uncased', note: 'DistilBERT, 66 M parameters, 268 MB: slow without a GPU' },
];

export interface HubRequest { id: string; revision: string; host: string }

/**
 * A Hub model id (with suggestions), and in "Advanced" the revision and the host (a mirror; remembered). The
 * fields start from the Hub model chosen before (`chosen`), else empty with an example as placeholder; focusing
 * the id selects it, so typing replaces it instead of landing in its middle.
 */
export function HubPanel({ onLoad, busy, chosen }: { onLoad: (r: HubRequest) => void; busy: boolean; chosen?: HubRequest }) {
  const [id, setId] = useState(chosen?.id ?? '');
  const [revision, setRevision] = useState(chosen?.revision ?? 'main');
  const [host, setHost] = useState(() => chosen?.host ?? savedHubHost());
  const selectedOnFocus = useRef(false);
  const submit = () => {
    saveHubHost(host.trim() || DEFAULT_HUB_HOST);
    onLoad({ id: id.trim(), revision: revision.trim() || 'main', host: host.trim() || DEFAULT_HUB_HOST });
  };
  return (
    <form className="card" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <div className="form-grid">
        <label>Hub model id
          <input list="hub-model-suggestions" value={id} onChange={(e) => setId(e.target.value)} size={40}
            // Select on focus; the mouseup of the click that focused must not put a caret in the middle instead.
            onFocus={(e) => { e.currentTarget.select(); selectedOnFocus.current = true; }}
            onMouseUp={(e) => { if (selectedOnFocus.current) e.preventDefault(); selectedOnFocus.current = false; }}
            data-testid="hub-model-id" placeholder={`owner/name, e.g. ${HUB_SUGGESTIONS[0].id}`} spellCheck={false} />
          <datalist id="hub-model-suggestions">
            {HUB_SUGGESTIONS.map((s) => <option key={s.id} value={s.id}>{s.note}</option>)}
          </datalist>
        </label>
        <button type="submit" disabled={busy || !id.trim()} data-testid="hub-load">Download model</button>
      </div>
      <ul className="muted">
        {HUB_SUGGESTIONS.map((s) => (
          <li key={s.id}><button type="button" className="link-button" onClick={() => setId(s.id)}>{s.id}</button> — {s.note}</li>
        ))}
      </ul>
      <details>
        <summary>Advanced: revision and Hub host</summary>
        <div className="form-grid">
          <label>Revision (branch, tag or commit)
            <input value={revision} onChange={(e) => setRevision(e.target.value)} data-testid="hub-revision" />
          </label>
          <label>Hub host (a mirror with the same URL layout)
            <input value={host} onChange={(e) => setHost(e.target.value)} size={36} data-testid="hub-host" spellCheck={false} />
          </label>
        </div>
      </details>
      <p className="muted">Files come from {'{host}/{id}/resolve/{revision}/'}: config.json, model.safetensors, tokenizer.json and the
        tokenizer's small files. Gated and private repositories are not supported. A model downloaded once is kept in this
        browser and loads again with no network.</p>
    </form>
  );
}
