/**
 * Downloads other tools load: a zip of the Hugging Face folder (safetensors, config, tokenizer, model card,
 * onnx/ float and int8), and the TensorFlow.js weights format as a second zip. Built in the export worker,
 * so a base-size model does not freeze the page.
 */
import { useState } from 'react';
import { onnxSupports } from '../../../core/export/onnx';
import { exportInWorker } from '../../../worker/exportClient';
import type { ExportFormat } from '../../../worker/exportProtocol';
import type { OpenRecord } from './useOpenModel';
import { saveFile } from '../../download';
import { formatBytes } from './formatBytes';

/** A file-system-friendly name for the zip and its root folder. */
export function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'model';
}

export function Downloads({ record }: { record: OpenRecord }) {
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const name = slug(record.name);

  async function run(format: ExportFormat) {
    const rootName = format === 'hf' ? name : `${name}-tfjs`;
    setBusy(true);
    setError(null);
    setStatus('Preparing the download…');
    try {
      const done = await exportInWorker({ modelId: record.id, format, rootName }, (stage) => setStatus(`Preparing the download: ${stage}…`));
      saveFile(`${rootName}.zip`, done.zip, 'application/zip');
      setStatus(`Saved ${rootName}.zip (${done.fileCount} files, ${formatBytes(done.unzippedBytes)} unzipped).`);
    } catch (e) {
      setError(`Export failed: ${(e as Error).message}`);
      setStatus(null);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-label="Downloads">
      <h3>Download</h3>
      <p>
        <button onClick={() => void run('hf')} disabled={busy}>Download model (.zip)</button>{' '}
        Hugging Face folder: model.safetensors, config.json, tokenizer, model card
        {onnxSupports(record.config.model_type) ? ', onnx/model.onnx and onnx/model_quantized.onnx (int8)' : ' (no ONNX for this architecture)'}.
      </p>
      <p><button onClick={() => void run('tfjs')} disabled={busy}>Download TensorFlow.js weights (.zip)</button> model.json + weight shards.</p>
      {status && <p role="status">{status}</p>}
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
