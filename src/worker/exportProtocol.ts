/**
 * Messages between the page and the export worker, which builds a model's download (ONNX graphs, int8
 * weights, safetensors, zip: seconds of CPU and hundreds of MB for a base-size model) off the page, and
 * keeps a finished run's best checkpoint as a trained model (checksums and an IndexedDB write of every weight).
 * Discriminated unions, one payload type per message; both sides switch exhaustively.
 */
import type { ErrorReply } from '../core/errors';
import type { DoneEvent } from '../core/train/events';
import type { JobRecord } from '../storage/jobRecords';
import type { TokenizerFiles } from '../storage/keepTrainedModel';
import type { StudyFinalModel, StudyRecord } from '../storage/studyStore';

export type ExportFormat = 'hf' | 'tfjs';

export interface ExportPayload {
  /** The trained model's id in the models store (the worker reads the weights from IndexedDB itself). */
  modelId: string;
  format: ExportFormat;
  /** Root folder name inside the zip, e.g. 'sms-spam-bert-tiny'. */
  rootName: string;
}

/** A finished run to keep for the Use stage (see storage/keepTrainedModel.ts). */
export interface KeepModelPayload {
  job: JobRecord;
  done: DoneEvent;
  /** The base model's tokenizer files (its weights are not sent: the checkpoint has the trained ones). */
  files: TokenizerFiles;
}

/** A study's best trial to keep for the Use stage, once the training worker has scored it on test. */
export interface KeepBestTrialPayload {
  record: StudyRecord;
  final: StudyFinalModel;
  files: TokenizerFiles;
}

export type PageToExportWorker =
  | { type: 'export'; payload: ExportPayload }
  | { type: 'keep-model'; payload: KeepModelPayload }
  | { type: 'keep-best-trial'; payload: KeepBestTrialPayload };

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

export interface ModelKeptPayload {
  /** The trained model's id in the models store; null when the run had nothing worth keeping (never for a best trial). */
  modelId: string | null;
}

export type ExportWorkerToPage =
  | { type: 'progress'; payload: ExportProgressPayload }
  | { type: 'done'; payload: ExportDonePayload }
  | { type: 'model-kept'; payload: ModelKeptPayload }
  | ErrorReply;
