/**
 * Node file I/O for the CLI: a model folder → ModelFiles, a FolderFiles map → disk (atomically), CSV in, and
 * a CheckpointStore on files (one folder per checkpoint: tensors in safetensors, the rest in JSON, each
 * written whole then renamed into place; verified with its checksums when loaded).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { assembleModelFiles, OPTIONAL_FILES, REQUIRED_FILES } from '../core/model/sources/assemble';
import { missingWeightsError } from '../core/model/sources/local';
import type { ModelFiles } from '../core/model/sources/types';
import { parseSafetensors, writeSafetensors, type WritableTensor } from '../core/model/safetensors';
import { parseCsvBytes } from '../core/data/parse';
import type { RawTable } from '../core/data/types';
import type { FolderFiles } from '../core/export/zip';
import { summarizeCheckpoint, type CheckpointRecord, type CheckpointStore, type CheckpointSummary } from '../core/train/checkpoint';
import { CheckpointDamagedError, verifyCheckpoint } from '../core/train/checkpointIntegrity';
import { writeFilesAtomically } from './diskWrite';

const toArrayBuffer = (b: Buffer): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

export async function readModelFolder(dir: string): Promise<ModelFiles> {
  const found = new Map<string, ArrayBuffer>();
  for (const name of [...REQUIRED_FILES, ...OPTIONAL_FILES]) {
    try {
      found.set(name, toArrayBuffer(await fs.readFile(path.join(dir, name))));
    } catch {
      // missing files are reported together by assembleModelFiles
    }
  }
  if (!found.has('model.safetensors')) {
    const why = missingWeightsError(new Set(await fs.readdir(dir).catch(() => [])), `The folder ${dir}`);
    if (why) throw why;
  }
  return assembleModelFiles({ kind: 'local', name: path.basename(path.resolve(dir)) }, found, `the folder ${dir}`);
}

/** The exported model folder, written atomically (see diskWrite.ts): a full disk leaves `dir` as it was. */
export async function writeFolder(dir: string, files: FolderFiles): Promise<void> {
  await writeFilesAtomically(dir, files, `the model folder`, 'Nothing was written; free some space and run again (with --resume, training is not repeated).');
}

export async function readCsvFile(file: string): Promise<RawTable> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
  return parseCsvBytes(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { fileName: path.basename(file) });
}

type StoredMeta = Omit<CheckpointRecord, 'weights' | 'optimizer'> & {
  optimizer: { step: number; steps?: Record<string, number> };
  summary: CheckpointSummary;
};

/** The record's tensors under the names verifyCheckpoint checks: w.<weight>, m.<weight>, v.<weight>. */
function checkpointTensors(r: CheckpointRecord): Record<string, WritableTensor> {
  const tensors: Record<string, WritableTensor> = {};
  for (const [n, t] of Object.entries(r.weights)) tensors[`w.${n}`] = { dtype: 'F32', shape: t.shape, data: t.data };
  for (const [n, mv] of Object.entries(r.optimizer.moments)) {
    const shape = r.weights[n]?.shape ?? [mv.m.length];
    tensors[`m.${n}`] = { dtype: 'F32', shape, data: mv.m };
    tensors[`v.${n}`] = { dtype: 'F32', shape, data: mv.v };
  }
  return tensors;
}

function checkpointMeta(r: CheckpointRecord): StoredMeta {
  const steps = Object.fromEntries(Object.entries(r.optimizer.moments).map(([n, mv]) => [n, mv.step ?? r.optimizer.step]));
  const { weights: _weights, ...rest } = r;
  return { ...rest, optimizer: { step: r.optimizer.step, steps }, summary: summarizeCheckpoint(r) };
}

/** record.json + tensors.safetensors → the record; every failure names the checkpoint (`id`) and the file. */
async function readCheckpointFolder(id: string, folder: string): Promise<CheckpointRecord | null> {
  const recordFile = path.join(folder, 'record.json');
  const tensorFile = path.join(folder, 'tensors.safetensors');
  const text = await fs.readFile(recordFile, 'utf8').catch(() => null);
  if (text === null) return null;
  let meta: StoredMeta;
  try {
    meta = JSON.parse(text) as StoredMeta;
  } catch (e) {
    throw new CheckpointDamagedError(`checkpoint ${id}: ${recordFile} is damaged (${Buffer.byteLength(text)} bytes, not valid JSON: ${(e as Error).message})`);
  }
  let parsed: ReturnType<typeof parseSafetensors>;
  try {
    parsed = parseSafetensors(new Uint8Array(await fs.readFile(tensorFile)));
  } catch (e) {
    throw new CheckpointDamagedError(`checkpoint ${id}: ${tensorFile} is damaged: ${(e as Error).message}`);
  }
  const { summary: _summary, ...rest } = meta;
  const record = { ...rest, weights: {}, optimizer: { step: meta.optimizer.step, moments: {} } } as CheckpointRecord;
  for (const [name, t] of parsed.tensors) {
    const data = new Float32Array(t.data!);
    const [kind, ...parts] = name.split('.');
    const n = parts.join('.');
    if (kind === 'w') record.weights[n] = { shape: t.shape, data };
    else {
      record.optimizer.moments[n] ??= { m: new Float32Array(0), v: new Float32Array(0), step: meta.optimizer.steps?.[n] ?? meta.optimizer.step };
      record.optimizer.moments[n][kind as 'm' | 'v'] = data;
    }
  }
  return record;
}

/** A checkpoint folder whose record.json cannot be read is still listed (by its name), so a resume reports it. */
function summaryFromFolderName(folderName: string): CheckpointSummary | null {
  const id = folderName.replace(/__/g, '/');
  const m = /^(.*)\/step-(\d+)$/.exec(id);
  return m ? { id, jobId: m[1], createdAt: '', step: Number(m[2]), epoch: 0, metric: null, bytes: 0 } : null;
}

/**
 * Checkpoints under `dir`, one folder per checkpoint id (slashes in ids become '__'). Each file is written
 * to a temporary name and renamed into place (tensors first, record.json last: a folder without
 * record.json is incomplete), so a crash or a full disk never leaves a half-written checkpoint that looks
 * whole. `load` verifies the checksums and throws a CheckpointDamagedError naming the file.
 */
export function createFileCheckpointStore(dir: string): CheckpointStore {
  const folderOf = (id: string) => path.join(dir, id.replace(/\//g, '__'));
  return {
    async save(r) {
      const folder = folderOf(r.id);
      await writeFilesAtomically(folder, {
        'tensors.safetensors': writeSafetensors(checkpointTensors(r)),
        'record.json': JSON.stringify(checkpointMeta(r)),
      }, `checkpoint ${r.id}`, 'Earlier checkpoints are intact: free some space and continue with --resume.');
    },
    async list(jobId) {
      const entries = (await fs.readdir(dir).catch(() => [] as string[])).filter((e) => !e.startsWith('.'));
      const out: CheckpointSummary[] = [];
      for (const e of entries) {
        const text = await fs.readFile(path.join(dir, e, 'record.json'), 'utf8').catch(() => null);
        let summary: CheckpointSummary | null;
        try {
          summary = text === null ? null : (JSON.parse(text) as StoredMeta).summary;
        } catch {
          summary = summaryFromFolderName(e);
        }
        if (summary?.jobId === jobId) out.push(summary);
      }
      return out.sort((a, b) => a.step - b.step);
    },
    async load(id) {
      const folder = folderOf(id);
      const record = await readCheckpointFolder(id, folder);
      if (record) verifyCheckpoint(record, `checkpoint ${id} (${folder})`);
      return record;
    },
    async delete(id) {
      await fs.rm(folderOf(id), { recursive: true, force: true });
    },
  };
}
