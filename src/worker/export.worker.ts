/// <reference lib="webworker" />
/**
 * The export worker: loads a trained model from IndexedDB, builds the Hugging Face folder (with ONNX) or the
 * TensorFlow.js weights, zips it and transfers the zip back; or keeps a finished run's best checkpoint as a
 * trained model (a run's, or a study's best trial). Thin: the work is core's buildHfFolder / zip and storage's
 * saveTrainedModelFromRun / saveBestTrialModel.
 */
import { buildHfFolder, folderBytes } from '../core/export/hfFolder';
import { buildHfConfig } from '../core/export/hfConfig';
import { buildTfjsWeights } from '../core/export/tfjsFormat';
import { folderInputOf } from '../core/export/trainedModel';
import { zipFolder } from '../core/export/zip';
import { assertNever, errorReply } from '../core/errors';
import { saveBestTrialModel, saveTrainedModelFromRun } from '../storage/keepTrainedModel';
import { loadTrainedModel } from '../storage/modelsStore';
import type { ExportPayload, ExportWorkerToPage, PageToExportWorker } from './exportProtocol';

const post = (m: ExportWorkerToPage, transfer: Transferable[] = []) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(m, transfer);

async function run({ modelId, format, rootName }: ExportPayload): Promise<void> {
  post({ type: 'progress', payload: { stage: 'reading the model' } });
  const record = await loadTrainedModel(modelId);
  if (!record) throw new Error(`Model ${modelId} is no longer in this browser's storage.`);
  post({ type: 'progress', payload: { stage: format === 'hf' ? 'building safetensors and ONNX files' : 'building the weight shards' } });
  const files = format === 'hf'
    // The tfjs weights have their own download: leaving them out keeps a large model's zip (and memory) smaller.
    ? buildHfFolder(folderInputOf(record, { tfjs: false }))
    : buildTfjsWeights(buildHfConfig(record.config, record.task, record.labelNames, { thresholds: record.thresholds, max_length: record.maxLength }), record.weights);
  post({ type: 'progress', payload: { stage: 'zipping' } });
  const zip = zipFolder(files, rootName);
  post({ type: 'done', payload: { zip, fileCount: Object.keys(files).length, unzippedBytes: folderBytes(files) } }, [zip.buffer]);
}

self.onmessage = (e: MessageEvent<PageToExportWorker>) => {
  const msg = e.data;
  switch (msg.type) {
    case 'export':
      run(msg.payload).catch((err: unknown) => post(errorReply(err)));
      return;
    case 'keep-model': {
      const { job, done, files } = msg.payload;
      saveTrainedModelFromRun(job, done, files)
        .then((modelId) => post({ type: 'model-kept', payload: { modelId } }), (err: unknown) => post(errorReply(err)));
      return;
    }
    case 'keep-best-trial': {
      const { record, final, files } = msg.payload;
      saveBestTrialModel(record, final, files)
        .then((modelId) => post({ type: 'model-kept', payload: { modelId } }), (err: unknown) => post(errorReply(err)));
      return;
    }
    default:
      assertNever(msg, 'message to the export worker');
  }
};
