/**
 * Messages between the data stage and the dataset-view worker. The table goes over once, as its packed
 * chunks ('tableChunk', one message each, so no single clone holds the page); every change of the
 * person's choices is one 'view' request; the newest answer wins (requestId).
 */
import type { ErrorReply } from '../core/errors';
import type { PackedTable } from '../core/data/packedTable';
import type { DatasetChoices, DatasetView } from './datasetView';

// ---- page → worker ----

export interface TableChunkPayload {
  /** Identifies the table (the dataset id); 'view' requests name it. */
  tableKey: string;
  /** This chunk's place (0-based) among `count` chunks of consecutive rows; chunk 0 starts a new table. */
  index: number;
  count: number;
  chunk: PackedTable;
}

export interface ViewRequestPayload {
  requestId: number;
  tableKey: string;
  choices: DatasetChoices;
}

export interface CsvRequestPayload {
  requestId: number;
  tableKey: string;
  choices: DatasetChoices;
}

export type PageToDatasetWorker =
  | { type: 'tableChunk'; payload: TableChunkPayload }
  | { type: 'view'; payload: ViewRequestPayload }
  | { type: 'labelledCsv'; payload: CsvRequestPayload };

// ---- worker → page ----

export interface ViewPayload {
  requestId: number;
  view: DatasetView;
}

export interface CsvPayload {
  requestId: number;
  csv: string;
}

export type DatasetWorkerToPage =
  | { type: 'view'; payload: ViewPayload }
  | { type: 'labelledCsv'; payload: CsvPayload }
  /** A request failed: the reply carries its requestId. */
  | ErrorReply;

export { assertNever } from '../core/errors';
