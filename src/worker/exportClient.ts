/** Runs one export in a fresh export worker and resolves with the zip; the worker ends with it. */
import { errorFromPayload } from '../core/errors';
import type { ExportDonePayload, ExportPayload, ExportWorkerToPage } from './exportProtocol';

export function exportInWorker(payload: ExportPayload, onProgress: (stage: string) => void): Promise<ExportDonePayload> {
  const worker = new Worker(new URL('./export.worker.ts', import.meta.url), { type: 'module', name: 'export' });
  return new Promise<ExportDonePayload>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<ExportWorkerToPage>) => {
      const msg = e.data;
      switch (msg.type) {
        case 'progress':
          onProgress(msg.payload.stage);
          return;
        case 'done':
          worker.terminate();
          resolve(msg.payload);
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
    worker.postMessage({ type: 'export', payload });
  });
}
