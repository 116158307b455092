/// <reference lib="webworker" />
/**
 * The dataset-view worker: holds the open dataset's table and answers the data stage's questions
 * (profile, mapping suggestion, cleaning, labels, split; the labelled CSV) off the page's thread.
 */
import { labelledDatasetCsv } from '../core/data/dataset';
import { errorReply } from '../core/errors';
import type { RawTable } from '../core/data/types';
import { unpackChunks, type PackedTable } from '../core/data/packedTable';
import { datasetView, tableFacts, type DatasetChoices, type TableFacts } from './datasetView';
import { assertNever, type DatasetWorkerToPage, type PageToDatasetWorker } from './datasetViewProtocol';

function createHandler(post: (m: DatasetWorkerToPage) => void) {
  // The one open table and what depends on it alone (worker-local, not module state).
  let open: { key: string; table: RawTable; facts: TableFacts | null } | null = null;
  let arriving: { key: string; chunks: PackedTable[] } | null = null;

  function tableFor(key: string): { table: RawTable; facts: TableFacts } {
    if (!open || open.key !== key) throw new Error(`The dataset ${key} is not open in the worker.`);
    open.facts ??= tableFacts(open.table);
    return { table: open.table, facts: open.facts };
  }

  function record(table: RawTable, choices: DatasetChoices) {
    return { ...choices, id: '', createdAt: 0, updatedAt: 0, table, splitCodes: null };
  }

  return (msg: PageToDatasetWorker) => {
    switch (msg.type) {
      case 'tableChunk': {
        const { tableKey, index, count, chunk } = msg.payload;
        if (index === 0) arriving = { key: tableKey, chunks: [] };
        if (!arriving || arriving.key !== tableKey || arriving.chunks.length !== index) break; // a stale table's chunk
        arriving.chunks.push(chunk);
        if (arriving.chunks.length === count) {
          open = { key: tableKey, table: unpackChunks(arriving.chunks), facts: null };
          arriving = null;
        }
        break;
      }
      case 'view': {
        const { requestId, tableKey, choices } = msg.payload;
        try {
          const { table, facts } = tableFor(tableKey);
          const view = datasetView(table, facts, choices);
          post({ type: 'view', payload: { requestId, view } });
        } catch (e) {
          post(errorReply(e, { requestId }));
        }
        break;
      }
      case 'labelledCsv': {
        const { requestId, tableKey, choices } = msg.payload;
        try {
          const csv = labelledDatasetCsv(record(tableFor(tableKey).table, choices), { neutraliseFormulas: true });
          post({ type: 'labelledCsv', payload: { requestId, csv } });
        } catch (e) {
          post(errorReply(e, { requestId }));
        }
        break;
      }
      default:
        assertNever(msg);
    }
  };
}

const handle = createHandler((m) => self.postMessage(m));
self.onmessage = (e: MessageEvent<PageToDatasetWorker>) => handle(e.data);
