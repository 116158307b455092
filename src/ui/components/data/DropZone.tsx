import { useId, useState, type DragEvent } from 'react';

interface Props {
  onFile(file: File): void;
  onSample(): void;
  disabled?: boolean;
}

/** Where a dataset comes in: drag-and-drop, a file picker, or the bundled SMS Spam sample. */
export function DropZone({ onFile, onSample, disabled }: Props) {
  const inputId = useId();
  const [over, setOver] = useState(false);

  function onDrop(e: DragEvent<HTMLDivElement>) {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file && !disabled) onFile(file);
  }

  return (
    <div
      className={`drop-zone${over ? ' drop-zone-over' : ''}`}
      data-testid="drop-zone"
      onDragOver={(e) => { e.preventDefault(); setOver(true); }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <p>Drop a CSV or TSV file here, or</p>
      <label htmlFor={inputId} className="button-like">Choose a file…</label>
      <input
        id={inputId}
        type="file"
        accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain"
        aria-label="Dataset file (CSV or TSV)"
        data-testid="dataset-file-input"
        disabled={disabled}
        className="visually-hidden"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = ''; // so choosing the same file again still fires
          if (file) onFile(file);
        }}
      />
      <p className="drop-zone-or">or</p>
      <button type="button" onClick={onSample} disabled={disabled} data-testid="sample-button">
        Try a sample dataset (SMS Spam)
      </button>
      <p className="credit">
        Sample: SMS Spam Collection v.1 by T. A. Almeida and J. M. Gómez Hidalgo — “Contributions to the Study
        of SMS Spam Filtering: New Collection and Results”, DocEng 2011. Your files stay in this browser.
      </p>
    </div>
  );
}
