import { useState, type DragEvent } from 'react';
import type { LocalFileLike } from '../../../core/model/sources/local';
import { fromDataTransfer, fromFileList } from './readDroppedFolder';

/** Pick (<input webkitdirectory>) or drop a model folder saved with save_pretrained(). */
export function LocalFolderPanel({ onFiles }: { onFiles: (files: LocalFileLike[]) => void }) {
  const [over, setOver] = useState(false);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void fromDataTransfer(e.dataTransfer).then(onFiles);
  };
  return (
    <div className={`drop-zone${over ? ' drop-zone-over' : ''}`} data-testid="model-folder-drop"
      onDragOver={(e) => { e.preventDefault(); setOver(true); }} onDragLeave={() => setOver(false)} onDrop={onDrop}>
      <p>Drop a model folder here, or{' '}
        <label className="button-like">
          choose a folder…
          <input type="file" className="visually-hidden" data-testid="model-folder-input" aria-label="Model folder"
            // webkitdirectory is not in React's types; it makes the picker choose a whole folder.
            {...{ webkitdirectory: '', directory: '' }} multiple
            onChange={(e) => { if (e.target.files?.length) onFiles(fromFileList(e.target.files)); e.target.value = ''; }} />
        </label>
      </p>
      <p className="muted">The folder needs config.json, model.safetensors and tokenizer.json (what save_pretrained() writes);
        tokenizer_config.json, vocab.txt and special_tokens_map.json are used when present. Files are read here, never uploaded,
        and kept in this browser so the choice survives a reload.</p>
    </div>
  );
}
