/**
 * `train --resume`: the newest intact checkpoint in <out>/checkpoints (damaged ones skipped, and said so),
 * and the spec the run continues with — the checkpoint's. A resume that would not continue that run is
 * refused with every reason named: flags that contradict the checkpoint's settings (--epochs 1 on a
 * 3-epoch run), other columns or another model, changed data (its fingerprint). Only where it runs may
 * change: --backend, --threads.
 */
import { stableStringify } from '../core/hash';
import type { JobSpec } from '../core/spec/jobSpec';
import type { CheckpointStore } from '../core/train/checkpoint';
import type { EvaluationEvent } from '../core/train/events';
import { describeSkipped, loadNewestIntactCheckpoint } from '../core/train/checkpointIntegrity';
import { dataChangedSince } from '../core/train/splitLimits';
import { migrateJobSpec } from '../core/spec/migrate';
import type { PreparedJob } from './job';

export interface ResumePoint {
  id: string;
  /** What the run continues with: the checkpoint's spec, with this run's backend preference. */
  spec: JobSpec;
  /** Validation evaluations before the checkpoint (the best one may be among them, for the model card). */
  evaluations: EvaluationEvent[];
}

const show = (v: unknown) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));

/** Each explicit setting that differs from the checkpoint's, as "epochs 3 (--epochs 1)". */
function settingConflicts(was: JobSpec, job: PreparedJob): string[] {
  const out: string[] = [];
  const hp = was.hyperparameters as unknown as Record<string, unknown>;
  // A later source of the same key (a flag after a preset) is what the person asked for.
  const last = new Map(job.settings.given.map((g) => [g.key, g]));
  for (const g of last.values()) {
    if (g.key === 'backend') continue;
    const effective = (job.spec.hyperparameters as unknown as Record<string, unknown>)[g.key];
    if (stableStringify(hp[g.key]) !== stableStringify(effective)) out.push(`${g.key} ${show(hp[g.key])} (${g.source} asks for ${show(effective)})`);
  }
  const limits = job.settings.limitsSource;
  if (limits && stableStringify(was.dataset.limits) !== stableStringify(job.spec.dataset.limits)) {
    out.push(`quick-trial limits ${show(was.dataset.limits)} (${limits} asks for ${show(job.spec.dataset.limits)})`);
  }
  return out;
}

/** Other columns, label kind or model than the checkpoint's. */
function jobConflicts(was: JobSpec, now: JobSpec): string[] {
  const out: string[] = [];
  const fields = [
    ['text column', was.dataset.textColumn, now.dataset.textColumn],
    ['pair column', was.dataset.textPairColumn ?? '(none)', now.dataset.textPairColumn ?? '(none)'],
    ['label column', was.dataset.labelColumn, now.dataset.labelColumn],
    ['label kind', was.dataset.labelKind, now.dataset.labelKind],
    ['model', was.model.id, now.model.id],
  ] as const;
  for (const [what, a, b] of fields) if (a !== b) out.push(`${what} "${a}" (now "${b}")`);
  return out;
}

/**
 * The checkpoint to resume from and the spec to continue with; null when there is none (a fresh start).
 * Throws when the newest checkpoints are all damaged, or when this command would not continue that run.
 */
export async function findResumePoint(store: CheckpointStore, jobId: string, job: PreparedJob, log: (line: string) => void): Promise<ResumePoint | null> {
  const found = await loadNewestIntactCheckpoint(store, jobId);
  if (!found) {
    log('no checkpoint to resume from: starting fresh');
    return null;
  }
  const { record } = found;
  if (found.skipped.length > 0) log(`warning: ${describeSkipped(found)}`);
  const was = migrateJobSpec(record.spec, job.spec.dataset.limits) as JobSpec;
  const conflicts = [...settingConflicts(was, job), ...jobConflicts(was, job.spec)];
  if (conflicts.length > 0) {
    throw new Error(`--resume: checkpoint ${record.id} belongs to a run with other settings, and a resume continues that run as it was:\n` +
      `${conflicts.map((c) => `  - ${c}`).join('\n')}\n` +
      'Drop these flags to continue it, or train into another --out (or delete its checkpoints) to start a new run.');
  }
  const changed = dataChangedSince(was, job.data, record.id);
  if (changed) throw new Error(`--resume: ${changed}`);
  log(`resuming from ${record.id} (step ${record.state.globalStep} of ${record.state.totalSteps})`);
  const backend = job.settings.given.some((g) => g.key === 'backend') ? job.spec.hyperparameters.backend : was.hyperparameters.backend;
  const evaluations = record.history.evaluations.filter((e) => e.split === 'validation');
  return { id: record.id, spec: { ...was, hyperparameters: { ...was.hyperparameters, backend } }, evaluations };
}
