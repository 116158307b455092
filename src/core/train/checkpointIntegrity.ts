/**
 * Checkpoint integrity, shared by every CheckpointStore (IndexedDB in the browser, files in the CLI):
 * a checksum of each tensor and of the rest of the record, written with the checkpoint and verified when
 * it is loaded, plus a check that no weight or moment is NaN or infinite. A resume goes to the newest
 * checkpoint that passes (loadNewestIntactCheckpoint) and says which ones it skipped and why, so a
 * damaged file (flipped bytes, a truncated write, a disk error) is never trained on nor silently lost.
 */
import { createHasher, stableStringify } from '../hash';
import {
  assertCheckpointRecord, type CheckpointIntegrity, type CheckpointRecord, type CheckpointStore,
} from './checkpoint';

export const INTEGRITY_ALGORITHM = 'murmur3-32';

/** A checkpoint that is damaged or cannot be read; the message names the checkpoint and what is wrong. */
export class CheckpointDamagedError extends Error {
  override name = 'CheckpointDamagedError';
}

/** Each stored tensor by the name the file store writes it under: w.<weight>, m.<weight>, v.<weight>. */
function* storedTensors(r: CheckpointRecord): Generator<[string, Float32Array]> {
  for (const [n, t] of Object.entries(r.weights)) yield [`w.${n}`, t.data];
  for (const [n, mv] of Object.entries(r.optimizer.moments)) {
    yield [`m.${n}`, mv.m];
    yield [`v.${n}`, mv.v];
  }
}

/** Everything but the tensors, as canonical JSON (the optimizer's per-weight step counts included). */
function metaText(r: CheckpointRecord): string {
  const steps = Object.fromEntries(Object.entries(r.optimizer.moments).map(([n, mv]) => [n, mv.step ?? r.optimizer.step]));
  const { id, jobId, createdAt, spec, modelConfig, state, history, format, version } = r;
  return stableStringify({ format, version, id, jobId, createdAt, spec, modelConfig, state, history, optimizer: { step: r.optimizer.step, steps } });
}

/** The checksums to store with `record` (computed by the trainer when it writes a checkpoint). */
export function checkpointIntegrity(record: CheckpointRecord): CheckpointIntegrity {
  const tensors: Record<string, string> = {};
  for (const [name, data] of storedTensors(record)) tensors[name] = createHasher().floats(data).hex();
  return { algorithm: INTEGRITY_ALGORITHM, tensors, meta: createHasher().string(metaText(record)).hex() };
}

/** The first non-finite value of `data`, or -1. */
function firstNonFinite(data: Float32Array): number {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return i;
  return -1;
}

const listed = (names: string[]) => (names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', '));

/** What is wrong with `record` compared with its stored checksums, as phrases (empty when it matches). */
function checksumProblems(record: CheckpointRecord, integrity: CheckpointIntegrity): string[] {
  if (integrity.algorithm !== INTEGRITY_ALGORITHM) return [`its checksum algorithm "${integrity.algorithm}" is unknown`];
  const problems: string[] = [];
  const bad: string[] = [];
  const seen = new Set<string>();
  for (const [name, data] of storedTensors(record)) {
    seen.add(name);
    const want = integrity.tensors[name];
    if (want === undefined) problems.push(`tensor ${name} has no checksum`);
    else if (createHasher().floats(data).hex() !== want) bad.push(name);
  }
  if (bad.length > 0) problems.push(`tensor${bad.length > 1 ? 's' : ''} ${listed(bad)} ${bad.length > 1 ? 'do' : 'does'} not match ${bad.length > 1 ? 'their checksums' : 'its checksum'}`);
  const lost = Object.keys(integrity.tensors).filter((n) => !seen.has(n));
  if (lost.length > 0) problems.push(`tensor${lost.length > 1 ? 's' : ''} ${listed(lost)} ${lost.length > 1 ? 'are' : 'is'} missing`);
  if (createHasher().string(metaText(record)).hex() !== integrity.meta) problems.push('its trainer state, spec or history does not match its checksum');
  return problems;
}

/**
 * Throws a CheckpointDamagedError naming `where` and what is wrong: a wrong structure, a checksum that does
 * not match, or a NaN/Inf in a weight or a moment. Returns whether checksums were checked (a checkpoint
 * from an older version has none; it is still checked for structure and finite values).
 */
export function verifyCheckpoint(record: unknown, where: string): { checksummed: boolean } {
  try {
    assertCheckpointRecord(record, where);
  } catch (e) {
    const message = (e as Error).message;
    throw new CheckpointDamagedError(message.startsWith(`${where}: `) ? `${where} is damaged: ${message.slice(where.length + 2)}` : message, { cause: e });
  }
  const problems = record.integrity ? checksumProblems(record, record.integrity) : [];
  if (problems.length === 0) {
    for (const [name, data] of storedTensors(record)) {
      const at = firstNonFinite(data);
      if (at >= 0) problems.push(`tensor ${name} holds ${data[at]} at index ${at}`);
    }
  }
  if (problems.length > 0) throw new CheckpointDamagedError(`${where} is damaged: ${problems.join('; ')}`);
  return { checksummed: record.integrity !== undefined };
}

export interface IntactCheckpoint {
  record: CheckpointRecord;
  /** Newer checkpoints that could not be used, newest first, each with the reason. */
  skipped: { id: string; reason: string }[];
}

/**
 * The newest checkpoint of `jobId` (at or before `upTo`'s step, when given) that loads and verifies, and
 * the newer ones skipped on the way. Null when the job has no checkpoint (and `upTo` is not given); throws,
 * naming every checkpoint tried and what was wrong with it, when none is intact. Stores verify in `load`;
 * it is done here again for stores that do not (the in-memory one).
 */
export async function loadNewestIntactCheckpoint(store: CheckpointStore, jobId: string, upTo?: string): Promise<IntactCheckpoint | null> {
  const all = await store.list(jobId);
  const limit = upTo === undefined ? Infinity : all.find((s) => s.id === upTo)?.step ?? Infinity;
  const ids = all.filter((s) => s.step <= limit).sort((a, b) => b.step - a.step).map((s) => s.id);
  if (upTo !== undefined && !ids.includes(upTo)) ids.unshift(upTo);
  const skipped: IntactCheckpoint['skipped'] = [];
  for (const id of ids) {
    try {
      const record = await store.load(id);
      if (!record) {
        skipped.push({ id, reason: `checkpoint ${id} was not found` });
        continue;
      }
      verifyCheckpoint(record, `checkpoint ${id}`);
      return { record, skipped };
    } catch (e) {
      skipped.push({ id, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  if (skipped.length === 0) return null;
  if (skipped.length === 1 && / was not found$/.test(skipped[0].reason)) throw new Error(skipped[0].reason);
  throw new CheckpointDamagedError(`no intact checkpoint of job ${jobId} to resume from: ${skipped.map((s) => s.reason).join(' — ')}`);
}

/** "checkpoint a is damaged: …; resumed from b instead", for logs and the Train stage; '' when nothing was skipped. */
export function describeSkipped(found: IntactCheckpoint): string {
  if (found.skipped.length === 0) return '';
  const why = found.skipped.map((s) => s.reason).join(' — ');
  return `${why} — so it resumed from the newest intact checkpoint, ${found.record.id} (step ${found.record.state.globalStep})`;
}
