/**
 * The page's side of the export worker: each request runs in a fresh worker that ends with its reply, so a
 * download's hundreds of MB are freed at once and nothing is shared between requests.
 */
import { errorFromPayload } from '../core/errors';
import type { DoneEvent } from '../core/train/events';
import type { JobRecord } from '../storage/jobRecords';
import type { TokenizerFiles } from '../storage/keepTrainedModel';
import type { StudyFinalModel, StudyRecord } from '../storage/studyStore';
import type { ExportDonePayload, ExportPayload, ExportWorkerToPage, PageToExportWorker } from './exportProtocol';

type Reply = Exclude<ExportWorkerToPage, { type: 'progress' } | { type: 'error' }>;

/** Posts `message` to a fresh export worker; resolves with its one reply (progress goes to `onProgress`). */
function askExportWorker(message: PageToExportWorker, onProgress: (stage: string) => void = () => {}): Promise<Reply> {
  const worker = new Worker(new URL('./export.worker.ts', import.meta.url), { type: 'module', name: 'export' });
  return new Promise<Reply>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<ExportWorkerToPage>) => {
      const msg = e.data;
      switch (msg.type) {
        case 'progress':
          onProgress(msg.payload.stage);
          return;
        case 'done':
        case 'model-kept':
          worker.terminate();
          resolve(msg);
          return;
        case 'error':
          worker.terminate();
          reject(errorFromPayload(msg.payload));
          return;
        default: {
          const never: never = msg;
          reject(new Error(`export worker sent an unknown message ${JSON.stringify(never)}`));
        }
      }
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(`the export worker crashed: ${e.message || 'unknown error'}`));
    };
    worker.postMessage(message);
  });
}

/** Runs one export and resolves with the zip. */
export async function exportInWorker(payload: ExportPayload, onProgress: (stage: string) => void): Promise<ExportDonePayload> {
  const reply = await askExportWorker({ type: 'export', payload }, onProgress);
  if (reply.type !== 'done') throw new Error(`the export worker answered an export with "${reply.type}"`);
  return reply.payload;
}

/**
 * Keeps a finished run's best checkpoint as a trained model, off the page (storage/keepTrainedModel.ts says
 * what it costs); resolves with the model's id, or null when the run had nothing worth keeping.
 */
export async function keepModelInWorker(job: JobRecord, done: DoneEvent, files: TokenizerFiles): Promise<string | null> {
  const { tokenizerJson, tokenizerConfig, extraFiles } = files; // not the base model's weights
  const reply = await askExportWorker({ type: 'keep-model', payload: { job, done, files: { tokenizerJson, tokenizerConfig, extraFiles } } });
  if (reply.type !== 'model-kept') throw new Error(`the export worker answered "keep the model" with "${reply.type}"`);
  return reply.payload.modelId;
}

/** Keeps a study's best trial (already scored on test: `final`) as a trained model, off the page; resolves with its id. */
export async function keepBestTrialInWorker(record: StudyRecord, final: StudyFinalModel, files: TokenizerFiles): Promise<string> {
  const { tokenizerJson, tokenizerConfig, extraFiles } = files; // not the base model's weights
  const reply = await askExportWorker({ type: 'keep-best-trial', payload: { record, final, files: { tokenizerJson, tokenizerConfig, extraFiles } } });
  if (reply.type !== 'model-kept' || reply.payload.modelId === null) throw new Error(`the export worker answered "keep the best trial" with "${reply.type}"`);
  return reply.payload.modelId;
}
