/**
 * Import back a model folder: one we exported, or any Hugging Face *ForSequenceClassification folder of a
 * supported architecture, picked as a folder or as a .zip. It is checked, parsed and stored in IndexedDB.
 */
import { useState } from 'react';
import { importModelFolder } from '../../../core/export/importFolder';
import { trainedModelFromImport, type TrainedModelRecord } from '../../../core/export/trainedModel';
import { unzipFolder, type FolderFiles } from '../../../core/export/zip';

interface Props {
  onImported(record: TrainedModelRecord): Promise<void>;
}

const TEXT = /\.(json|txt|md)$/;
/** Files a model folder may hold that we read; the rest (e.g. onnx/, tfjs/) is skipped, not loaded. */
const WANTED = /(^|\/)(config\.json|model\.safetensors|pytorch_model\.bin|tokenizer\.json|tokenizer_config\.json|special_tokens_map\.json|vocab\.txt|vocab\.json|merges\.txt)$/;

async function readPicked(list: FileList): Promise<{ files: FolderFiles; name: string }> {
  const files: FolderFiles = {};
  const all = Array.from(list);
  if (all.length === 1 && all[0].name.endsWith('.zip')) {
    return { files: unzipFolder(new Uint8Array(await all[0].arrayBuffer())), name: all[0].name.replace(/\.zip$/, '') };
  }
  for (const f of all) {
    const rel = f.webkitRelativePath || f.name;
    if (!WANTED.test(rel)) continue;
    files[rel] = TEXT.test(rel) ? await f.text() : new Uint8Array(await f.arrayBuffer());
  }
  const name = (all[0]?.webkitRelativePath || all[0]?.name || 'model').split('/')[0];
  return { files, name };
}

export function ImportModel({ onImported }: Props) {
  const [status, setStatus] = useState<{ kind: 'idle' | 'busy' | 'error' | 'done'; text: string }>({ kind: 'idle', text: '' });

  async function onPick(list: FileList | null) {
    if (!list || list.length === 0) return;
    setStatus({ kind: 'busy', text: 'Reading the model…' });
    try {
      const { files, name } = await readPicked(list);
      const imported = importModelFolder(files, name);
      await onImported(trainedModelFromImport(imported, name));
      setStatus({ kind: 'done', text: `Imported "${name}" (${imported.config.model_type}, ${imported.labelNames.length} labels).` });
    } catch (e) {
      setStatus({ kind: 'error', text: `Import failed: ${(e as Error).message}` });
    }
  }

  return (
    <section aria-label="Import a model">
      <h3>Import a model</h3>
      <p>A folder exported from the studio, or any Hugging Face BERT / DistilBERT / RoBERTa sequence-classification folder (config.json, model.safetensors, tokenizer.json).</p>
      <label className="button-like">
        Choose a folder…
        <input type="file" className="visually-hidden" aria-label="Model folder"
          // webkitdirectory is not in React's types; it makes the picker choose a whole folder.
          {...{ webkitdirectory: '', directory: '' }} multiple
          onChange={(e) => { void onPick(e.target.files); e.target.value = ''; }} />
      </label>{' '}
      <label className="button-like">
        Choose a .zip…
        <input type="file" className="visually-hidden" aria-label="Model zip" accept=".zip,application/zip"
          onChange={(e) => { void onPick(e.target.files); e.target.value = ''; }} />
      </label>
      {status.kind !== 'idle' && <p role={status.kind === 'error' ? 'alert' : 'status'}>{status.text}</p>}
    </section>
  );
}
