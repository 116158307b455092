/**
 * Writing files so that nothing is ever half-written: every file goes to a temporary name beside its
 * destination and is renamed into place only once complete (a rename within a folder is atomic), and a
 * full disk is reported with the file, the size needed, the space free and what to do — never a raw ENOSPC
 * with a partial file left behind.
 */
import { rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

export const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

/** Bytes free for this user where `target` is (or would be: the nearest existing parent); null when unknown. */
export async function freeBytes(target: string): Promise<number | null> {
  let dir = path.resolve(target);
  for (;;) {
    try {
      const s = await fs.statfs(dir);
      return Number(s.bavail) * Number(s.bsize);
    } catch {
      const up = path.dirname(dir);
      if (up === dir) return null;
      dir = up;
    }
  }
}

const isDiskFull = (e: unknown): boolean => ['ENOSPC', 'EDQUOT'].includes((e as { code?: string })?.code ?? '');

/** The error for a write that ran out of space: what, where, how much was needed and is free, what to do. */
export async function diskFullError(what: string, where: string, needed: number, advice: string, cause: unknown): Promise<Error> {
  const free = await freeBytes(where);
  return Object.assign(new Error(`The disk is full: ${what} needs about ${mb(needed)} in ${where}` +
    `${free === null ? '' : `, and only ${mb(free)} is free`}. ${advice}`, { cause }), { name: 'StorageError' });
}

export type FileContent = string | Uint8Array;

const byteLength = (c: FileContent) => (typeof c === 'string' ? Buffer.byteLength(c) : c.byteLength);

/** Temporary files being written: removed if the process exits first (a second Ctrl-C quits at once). */
const inFlight = new Set<string>();
let cleanupInstalled = false;

function track(tmp: string): void {
  if (!cleanupInstalled) {
    cleanupInstalled = true;
    process.on('exit', () => { for (const f of inFlight) rmSync(f, { force: true }); });
  }
  inFlight.add(tmp);
}

/** A temporary name beside `file`: same folder (so the rename is atomic), hidden, unique to this process. */
const tempName = (file: string) => path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);

/**
 * Writes every file under `dir` to a temporary name first and renames them into place only when all are
 * written, so a failure (a full disk) leaves the destination as it was. On a full disk the temporary
 * files are removed and the error says how much was needed (`advice` says what to do).
 */
export async function writeFilesAtomically(dir: string, files: Record<string, FileContent>, what: string, advice: string): Promise<void> {
  const written: [string, string][] = [];
  try {
    for (const [name, content] of Object.entries(files)) {
      const file = path.join(dir, name);
      await fs.mkdir(path.dirname(file), { recursive: true });
      const tmp = tempName(file);
      written.push([tmp, file]);
      track(tmp);
      await fs.writeFile(tmp, content);
    }
  } catch (e) {
    await Promise.all(written.map(([tmp]) => fs.rm(tmp, { force: true })));
    for (const [tmp] of written) inFlight.delete(tmp);
    if (!isDiskFull(e)) throw e;
    const needed = Object.values(files).reduce((n, c) => n + byteLength(c), 0);
    throw await diskFullError(what, dir, needed, advice, e);
  }
  for (const [tmp, file] of written) {
    await fs.rename(tmp, file);
    inFlight.delete(tmp);
  }
}

/** One file, written whole or not at all. */
export async function writeFileAtomically(file: string, content: FileContent, what: string, advice: string): Promise<void> {
  await writeFilesAtomically(path.dirname(file), { [path.basename(file)]: content }, what, advice);
}

/**
 * Refuses, before any work, an output that cannot be written: a folder that does not exist (for a file) or
 * is not writable, or less free space than `needed` bytes. `flag` names the option in the message.
 */
export async function assertWritable(target: string, o: { flag: string; isFile: boolean; needed?: number; what?: string }): Promise<void> {
  const dir = o.isFile ? path.dirname(path.resolve(target)) : path.resolve(target);
  const parent = o.isFile ? dir : await nearestExisting(dir);
  const stat = await fs.stat(parent).catch(() => null);
  if (stat && !stat.isDirectory()) throw new Error(`${o.flag} ${target}: ${parent} is a file, not a folder; choose another path`);
  if (!stat) throw new Error(`${o.flag} ${target}: the folder ${parent} does not exist; create it first or choose another path`);
  await fs.access(parent, fs.constants.W_OK).catch(() => {
    throw new Error(`${o.flag} ${target}: the folder ${parent} is not writable; choose another path`);
  });
  if (o.needed === undefined) return;
  const free = await freeBytes(parent);
  if (free !== null && free < o.needed) {
    throw new Error(`${o.flag} ${target}: ${o.what ?? 'the output'} needs about ${mb(o.needed)}, but only ${mb(free)} is free there. ` +
      'Free some space or choose another place.');
  }
}

async function nearestExisting(dir: string): Promise<string> {
  let d = dir;
  while (!(await fs.stat(d).then(() => true, () => false))) {
    const up = path.dirname(d);
    if (up === d) return d;
    d = up;
  }
  return d;
}
