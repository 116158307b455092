/**
 * Node file I/O for the CLI: a model folder → ModelFiles, a FolderFiles map → disk, CSV in, and a
 * CheckpointStore on files (one folder per checkpoint: tensors in safetensors, the rest in JSON).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { assembleModelFiles, OPTIONAL_FILES, REQUIRED_FILES } from '../core/model/sources/assemble';
import type { ModelFiles } from '../core/model/sources/types';
import { parseSafetensors, writeSafetensors, type WritableTensor } from '../core/model/safetensors';
import { parseCsvBytes } from '../core/data/parse';
import type { RawTable } from '../core/data/types';
import type { FolderFiles } from '../core/export/zip';
import { assertCheckpointRecord, summarizeCheckpoint, type CheckpointRecord, type CheckpointStore } from '../core/train/checkpoint';

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
  return assembleModelFiles({ kind: 'local', name: path.basename(path.resolve(dir)) }, found, `the folder ${dir}`);
}

export async function writeFolder(dir: string, files: FolderFiles): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content);
  }
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

/** Checkpoints under `dir`, one folder per checkpoint id (slashes in ids become '__'). */
export function createFileCheckpointStore(dir: string): CheckpointStore {
  const folderOf = (id: string) => path.join(dir, id.replace(/\//g, '__'));
  return {
    async save(r) {
      const tensors: Record<string, WritableTensor> = {};
      for (const [n, t] of Object.entries(r.weights)) tensors[`w.${n}`] = { dtype: 'F32', shape: t.shape, data: t.data };
      for (const [n, mv] of Object.entries(r.optimizer.moments)) {
        const shape = r.weights[n]?.shape ?? [mv.m.length];
        tensors[`m.${n}`] = { dtype: 'F32', shape, data: mv.m };
        tensors[`v.${n}`] = { dtype: 'F32', shape, data: mv.v };
      }
      const steps = Object.fromEntries(Object.entries(r.optimizer.moments).map(([n, mv]) => [n, mv.step ?? r.optimizer.step]));
      const meta = { ...r, weights: undefined, optimizer: { step: r.optimizer.step, steps }, summary: summarizeCheckpoint(r) };
      const folder = folderOf(r.id);
      await fs.mkdir(folder, { recursive: true });
      await fs.writeFile(path.join(folder, 'tensors.safetensors'), writeSafetensors(tensors));
      // Written last: a checkpoint without record.json is incomplete and ignored.
      await fs.writeFile(path.join(folder, 'record.json'), JSON.stringify(meta));
    },
    async list(jobId) {
      const entries = await fs.readdir(dir).catch(() => [] as string[]);
      const out = [];
      for (const e of entries) {
        const text = await fs.readFile(path.join(dir, e, 'record.json'), 'utf8').catch(() => null);
        if (!text) continue;
        const meta = JSON.parse(text) as { jobId: string; summary: ReturnType<typeof summarizeCheckpoint> };
        if (meta.jobId === jobId) out.push(meta.summary);
      }
      return out.sort((a, b) => a.step - b.step);
    },
    async load(id) {
      const folder = folderOf(id);
      const text = await fs.readFile(path.join(folder, 'record.json'), 'utf8').catch(() => null);
      if (!text) return null;
      const meta = JSON.parse(text) as Omit<CheckpointRecord, 'weights' | 'optimizer'> & { optimizer: { step: number; steps?: Record<string, number> } };
      const parsed = parseSafetensors(new Uint8Array(await fs.readFile(path.join(folder, 'tensors.safetensors'))));
      const record = { ...meta, weights: {}, optimizer: { step: meta.optimizer.step, moments: {} } } as CheckpointRecord;
      for (const [name, t] of parsed.tensors) {
        const data = new Float32Array(t.data!);
        const [kind, ...rest] = name.split('.');
        const n = rest.join('.');
        if (kind === 'w') record.weights[n] = { shape: t.shape, data };
        else {
          record.optimizer.moments[n] ??= { m: new Float32Array(0), v: new Float32Array(0), step: meta.optimizer.steps?.[n] ?? meta.optimizer.step };
          record.optimizer.moments[n][kind as 'm' | 'v'] = data;
        }
      }
      assertCheckpointRecord(record, `checkpoint ${folder}`);
      return record;
    },
    async delete(id) {
      await fs.rm(folderOf(id), { recursive: true, force: true });
    },
  };
}
