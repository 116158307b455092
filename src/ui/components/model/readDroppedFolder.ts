/**
 * Files of a dropped or picked folder as LocalFileLike (path + lazy bytes): nothing is read until the
 * model assembler asks for one of the few files it needs, so dropping a folder with a 1 GB .bin is cheap.
 */
import type { LocalFileLike } from '../../../core/model/sources/local';

export function fromFileList(files: FileList | File[]): LocalFileLike[] {
  return [...files].map((f) => ({ path: f.webkitRelativePath || f.name, arrayBuffer: () => f.arrayBuffer() }));
}

function readAllEntries(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  // readEntries returns at most ~100 entries per call: call until it returns none.
  return new Promise((resolve, reject) => {
    const next = () => reader.readEntries((batch) => {
      if (batch.length === 0) resolve(all);
      else { all.push(...batch); next(); }
    }, reject);
    next();
  });
}

async function walk(entry: FileSystemEntry, out: LocalFileLike[], depth: number): Promise<void> {
  if (entry.isFile) {
    const fileEntry = entry as FileSystemFileEntry;
    const path = entry.fullPath.replace(/^\/+/, '');
    out.push({ path, arrayBuffer: () => new Promise<File>((res, rej) => fileEntry.file(res, rej)).then((f) => f.arrayBuffer()) });
  } else if (entry.isDirectory && depth < 4) {
    for (const child of await readAllEntries(entry as FileSystemDirectoryEntry)) await walk(child, out, depth + 1);
  }
}

/** A drop's files, walking dropped directories (DataTransferItem.webkitGetAsEntry). */
export async function fromDataTransfer(dt: DataTransfer): Promise<LocalFileLike[]> {
  const entries = [...dt.items].map((i) => i.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (entries.length === 0) return fromFileList(dt.files);
  const out: LocalFileLike[] = [];
  for (const e of entries) await walk(e, out, 0);
  return out;
}
