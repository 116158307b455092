/**
 * Messages between the data stage and the dataset-view worker. The table goes over once ('open', packed:
 * a few big strings and typed arrays, so the clone is cheap); every change of the person's choices is one
 * 'view' request; the newest answer wins (requestId).
 */
import type { SerializedError } from '../core/data/errors';
import type { PackedTable } from '../ui/storage/packTable';
import type { DatasetChoices, DatasetView } from './datasetView';

// ---- page → worker ----

export interface OpenPayload {
  /** Identifies the table (the dataset id); 'view' requests name it so a late answer for another table is ignored. */
  tableKey: string;
  /** The table as packed chunks of rows, in order. */
  table: PackedTable[];
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
  | { type: 'open'; payload: OpenPayload }
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

export interface FailedPayload {
  requestId: number;
  error: SerializedError;
}

export type DatasetWorkerToPage =
  | { type: 'view'; payload: ViewPayload }
  | { type: 'labelledCsv'; payload: CsvPayload }
  | { type: 'failed'; payload: FailedPayload };

export function assertNever(x: never): never {
  throw new Error(`Unexpected message: ${JSON.stringify(x)}`);
}
