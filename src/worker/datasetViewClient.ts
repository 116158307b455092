/**
 * The page's side of the dataset-view worker: one worker per open dataset, requests answered by
 * promise. See datasetView.worker.ts.
 */
import type { PackedTable } from '../core/data/packedTable';
import type { DatasetChoices, DatasetView } from './datasetView';
import { errorFromPayload } from '../core/errors';
import { assertNever, type DatasetWorkerToPage, type PageToDatasetWorker } from './datasetViewProtocol';

export interface DatasetViewClient {
  /**
   * Hands the table over, one chunk per task (the page stays responsive while a 100 MB table is
   * cloned); later requests for `tableKey` use it. Resolves when every chunk is posted.
   */
  open(tableKey: string, table: PackedTable[], signal?: AbortSignal): Promise<void>;
  view(tableKey: string, choices: DatasetChoices): Promise<DatasetView>;
  labelledCsv(tableKey: string, choices: DatasetChoices): Promise<string>;
  dispose(): void;
}

export function createDatasetViewClient(): DatasetViewClient {
  const worker = new Worker(new URL('./datasetView.worker.ts', import.meta.url), { type: 'module' });
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  const failAll = (message: string) => {
    for (const w of waiting.values()) w.reject(new Error(message));
    waiting.clear();
  };
  worker.onerror = (e) => failAll(`The dataset worker failed: ${e.message || 'unknown error'}`);
  worker.onmessage = (e: MessageEvent<DatasetWorkerToPage>) => {
    const msg = e.data;
    const id = msg.payload.requestId;
    if (id === undefined) { // a failure that answers no request: nothing can be answered any more
      failAll(`The dataset worker failed: ${'error' in msg.payload ? msg.payload.error.message : 'unknown error'}`);
      return;
    }
    const w = waiting.get(id);
    waiting.delete(id);
    switch (msg.type) {
      case 'view': w?.resolve(msg.payload.view); break;
      case 'labelledCsv': w?.resolve(msg.payload.csv); break;
      case 'error': w?.reject(errorFromPayload(msg.payload)); break;
      default: assertNever(msg);
    }
  };
  const send = (m: PageToDatasetWorker) => worker.postMessage(m);
  function request<T>(make: (requestId: number) => PageToDatasetWorker): Promise<T> {
    const requestId = nextId++;
    return new Promise<T>((resolve, reject) => {
      waiting.set(requestId, { resolve: resolve as (v: unknown) => void, reject });
      send(make(requestId));
    });
  }
  return {
    async open(tableKey, table, signal) {
      for (let index = 0; index < table.length; index++) {
        if (signal?.aborted) return;
        send({ type: 'tableChunk', payload: { tableKey, index, count: table.length, chunk: table[index] } });
        if (index + 1 < table.length) await new Promise((r) => setTimeout(r, 0));
      }
    },
    view: (tableKey, choices) => request<DatasetView>((requestId) => ({ type: 'view', payload: { requestId, tableKey, choices } })),
    labelledCsv: (tableKey, choices) => request<string>((requestId) => ({ type: 'labelledCsv', payload: { requestId, tableKey, choices } })),
    dispose() {
      worker.terminate();
      failAll('The dataset was closed.');
    },
  };
}
