/**
 * Messages between the Use stage and the export worker, which builds a model's download (ONNX graphs,
 * int8 weights, safetensors, zip: seconds of CPU and hundreds of MB for a base-size model) off the page.
 * Discriminated unions, one payload type per message; both sides switch exhaustively.
 */
import type { ErrorReply } from '../core/errors';

export type ExportFormat = 'hf' | 'tfjs';

export interface ExportPayload {
  /** The trained model's id in the models store (the worker reads the weights from IndexedDB itself). */
  modelId: string;
  format: ExportFormat;
  /** Root folder name inside the zip, e.g. 'sms-spam-bert-tiny'. */
  rootName: string;
}

export type PageToExportWorker = { type: 'export'; payload: ExportPayload };

export interface ExportProgressPayload {
  /** What is being built now, in words. */
  stage: string;
}

export interface ExportDonePayload {
  zip: Uint8Array;
  fileCount: number;
  /** Sum of the file sizes before zipping. */
  unzippedBytes: number;
}

export type ExportWorkerToPage =
  | { type: 'progress'; payload: ExportProgressPayload }
  | { type: 'done'; payload: ExportDonePayload }
  | ErrorReply;
