/**
 * The hyperparameters and quick-trial limits of a CLI run: a preset, then a --spec file, then single
 * flags. Each setting a person gave explicitly is kept with where it came from, so that `--resume` can
 * refuse flags that contradict the checkpoint instead of silently ignoring them (resume.ts).
 */
import fs from 'node:fs/promises';
import {
  mergeHyperparameters, NO_LIMITS, PRESET_NAMES,
  type Hyperparameters, type PresetName, type SplitLimits,
} from '../core/spec/jobSpec';
import { migrateJobSpec } from '../core/spec/migrate';
import { presetHyperparametersFor } from '../core/spec/presets';
import type { TaskKind } from '../core/model/types';
import type { AutoPlan } from '../core/auto';
import { unknownKeyIssues } from '../core/spec/specKeys';
import { numberFlag, type CliFlags } from './args';

/** What a --spec file may set: a whole JobSpec (e.g. a job.json, of any version) or just {hyperparameters}. */
interface SpecFile {
  hyperparameters?: Partial<Hyperparameters>;
  dataset?: { limits?: SplitLimits };
}

/** A setting given on the command line (or in a --spec file, or by naming a preset), with where it came from. */
export interface GivenSetting {
  key: keyof Hyperparameters;
  value: unknown;
  /** e.g. '--lr', '--spec job.json', '--preset quick' */
  source: string;
}

export interface JobSettings {
  hyperparameters: Hyperparameters;
  limits: SplitLimits;
  given: GivenSetting[];
  /** The --spec file the limits came from, when they did. */
  limitsSource?: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a --spec file. Refuses, naming each, what would otherwise be ignored without a word: an array or
 * other non-object, a misspelt or unknown key, a hyperparameter placed at the top level.
 */
async function readSpecFile(file: string): Promise<SpecFile> {
  const text = await fs.readFile(file, 'utf8').catch((e: Error) => { throw new Error(`cannot read --spec ${file}: ${e.message}`); });
  let value: unknown;
  try {
    value = migrateJobSpec(JSON.parse(text));
  } catch (e) {
    throw new Error(`--spec ${file} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  if (!isObj(value)) {
    throw new Error(`--spec ${file} holds ${Array.isArray(value) ? 'a JSON array' : JSON.stringify(value)}; it must be an object: ` +
      'a job.json written by the studio or the CLI, or {"hyperparameters": {"learningRate": 3e-5, …}}');
  }
  const issues = unknownKeyIssues(value);
  if (value.hyperparameters !== undefined && !isObj(value.hyperparameters)) issues.unshift({ path: 'hyperparameters', message: 'must be an object' });
  if (issues.length > 0) {
    throw new Error(`--spec ${file} has fields FineTune Studio does not know (nothing was trained):\n` +
      issues.map((i) => `  ${i.path}: ${i.message}`).join('\n'));
  }
  return value as SpecFile;
}

/** The single-value flags, as hyperparameter settings. */
function flagSettings(flags: CliFlags): GivenSetting[] {
  const out: GivenSetting[] = [];
  const add = (key: keyof Hyperparameters, value: unknown, source: string) => { if (value !== undefined) out.push({ key, value, source }); };
  add('epochs', numberFlag(flags, 'epochs'), '--epochs');
  add('batchSize', numberFlag(flags, 'batch-size'), '--batch-size');
  add('learningRate', numberFlag(flags, 'lr'), '--lr');
  add('maxSequenceLength', numberFlag(flags, 'max-length'), '--max-length');
  add('seed', numberFlag(flags, 'seed'), '--seed');
  const headMul = numberFlag(flags, 'head-lr-multiplier');
  if (headMul !== undefined) add('headLearningRate', { mode: 'multiplier', value: headMul }, '--head-lr-multiplier');
  add('backend', flags.backend, '--backend');
  return out;
}

/**
 * Auto's plan or the model family's preset, then a --spec file, then individual flags → the hyperparameters; the limits
 * from the --spec file. Without a model type (checking the flags before the model is read) the BERT family's.
 */
export async function jobSettingsFrom(flags: CliFlags, modelType?: string, task?: TaskKind, auto: AutoPlan | null = null): Promise<JobSettings> {
  const preset = (flags.preset ?? 'standard') as PresetName;
  if (!PRESET_NAMES.includes(preset)) throw new Error(`--preset must be quick, standard or thorough, got "${preset}"`);
  // Auto's plan (train without --preset) or the model family's preset.
  const base = auto ? auto.hyperparameters : presetHyperparametersFor(modelType, preset, task);
  const given: GivenSetting[] = flags.preset
    ? (Object.keys(base) as (keyof Hyperparameters)[]).map((key) => ({ key, value: base[key], source: `--preset ${preset}` }))
    : [];
  const file = flags.spec ? await readSpecFile(flags.spec) : {};
  for (const [key, value] of Object.entries(file.hyperparameters ?? {})) {
    given.push({ key: key as keyof Hyperparameters, value, source: `--spec ${flags.spec}` });
  }
  given.push(...flagSettings(flags));
  // Later sources win, one level deep (a --spec {"freeze": {"embeddings": true}} keeps the preset's other freeze fields).
  const patched = given.filter((g) => !g.source.startsWith('--preset'));
  const hyperparameters = patched.reduce((hp, g) => mergeHyperparameters(hp, { [g.key]: g.value }), base);
  const limits = file.dataset?.limits;
  return { hyperparameters, limits: limits ?? NO_LIMITS, given, ...(limits ? { limitsSource: `--spec ${flags.spec}` } : {}) };
}
