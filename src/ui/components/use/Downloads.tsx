/**
 * Downloads other tools load: a zip of the Hugging Face folder (safetensors, config, tokenizer, model card,
 * onnx/ float and int8), and the TensorFlow.js weights format as a second zip.
 */
import { useState } from 'react';
import { buildHfFolder, folderBytes } from '../../../core/export/hfFolder';
import { onnxSupports } from '../../../core/export/onnx';
import { buildTfjsWeights } from '../../../core/export/tfjsFormat';
import { buildHfConfig } from '../../../core/export/hfConfig';
import { folderInputOf } from '../../../core/export/trainedModel';
import { zipFolder } from '../../../core/export/zip';
import type { TrainedModelRecord } from '../../storage/modelsStore';
import { formatBytes, saveFile } from './saveFile';

/** A file-system-friendly name for the zip and its root folder. */
export function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'model';
}

export function Downloads({ record }: { record: TrainedModelRecord }) {
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const name = slug(record.name);

  // Export is a burst of CPU work (ONNX graphs, zip); yield a frame first so the status shows.
  async function run(what: string, build: () => void) {
    setError(null);
    setStatus(`Preparing ${what}…`);
    await new Promise((r) => setTimeout(r, 30));
    try {
      build();
    } catch (e) {
      setError(`Export failed: ${(e as Error).message}`);
      setStatus(null);
    }
  }

  const hfZip = () => run('the model folder', () => {
    // The tfjs weights have their own button: leaving them out keeps a large model's zip (and memory) smaller.
    const files = buildHfFolder(folderInputOf(record, { tfjs: false }));
    const zip = zipFolder(files, name);
    saveFile(`${name}.zip`, zip, 'application/zip');
    setStatus(`Saved ${name}.zip (${Object.keys(files).length} files, ${formatBytes(folderBytes(files))} unzipped).`);
  });

  const tfjsZip = () => run('the TensorFlow.js format', () => {
    const config = buildHfConfig(record.config, record.task, record.labelNames, { thresholds: record.thresholds, max_length: record.maxLength });
    const zip = zipFolder(buildTfjsWeights(config, record.weights), `${name}-tfjs`);
    saveFile(`${name}-tfjs.zip`, zip, 'application/zip');
    setStatus(`Saved ${name}-tfjs.zip.`);
  });

  return (
    <section aria-label="Downloads">
      <h3>Download</h3>
      <p>
        <button onClick={() => void hfZip()}>Download model (.zip)</button>{' '}
        Hugging Face folder: model.safetensors, config.json, tokenizer, model card
        {onnxSupports(record.config.model_type) ? ', onnx/model.onnx and onnx/model_quantized.onnx (int8)' : ' (no ONNX for this architecture)'}.
      </p>
      <p><button onClick={() => void tfjsZip()}>Download TensorFlow.js weights (.zip)</button> model.json + weight shards.</p>
      {status && <p role="status">{status}</p>}
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
