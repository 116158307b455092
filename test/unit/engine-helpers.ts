/** Shared by the engine-* unit tests: fixtures, deterministic batches, gradients, the PyTorch reference. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../src/core/rng';
import { makeBatch, type EncodedExample } from '../../src/core/model/batching';
import { parseSafetensors, writeSafetensors } from '../../src/core/model/safetensors';
import { exportWeights } from '../../src/core/model/weights';
import type { EncoderBatch, SequenceClassifier, TaskKind } from '../../src/core/model/types';
import { PYTHON } from './pytorch';

export const root = path.resolve(__dirname, '../..');
export const hubDir = path.join(root, 'test/fixtures/hub/ftstudio-fixtures');

/** Generates the Hub fixtures if needed (idempotent, fast when up to date). */
export function ensureFixtures(): void {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/make-fixtures.mjs')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`make-fixtures failed: ${r.stderr}`);
}

export function readFixture(repo: string): { config: Record<string, unknown>; weights: Uint8Array; configPath: string; weightsPath: string } {
  const dir = path.join(hubDir, repo);
  const configPath = path.join(dir, 'config.json');
  const weightsPath = path.join(dir, 'model.safetensors');
  return {
    config: JSON.parse(fs.readFileSync(configPath, 'utf8')) as Record<string, unknown>,
    weights: new Uint8Array(fs.readFileSync(weightsPath)),
    configPath,
    weightsPath,
  };
}

/**
 * A padded batch of `n` examples with seeded random token ids (lengths 5…maxTokens), [CLS] … [SEP],
 * optionally text pairs (segment 1 after the first [SEP]).
 */
export function exampleBatch(seed: number, n: number, pairs: boolean, maxTokens = 20, vocab = 30522, padId = 0): { examples: EncodedExample[]; batch: EncoderBatch } {
  const rng = createRng(seed);
  const examples: EncodedExample[] = [];
  for (let i = 0; i < n; i++) {
    const len = 5 + Math.floor(rng.next() * (maxTokens - 4));
    const ids = new Int32Array(len);
    const typeIds = new Int32Array(len);
    ids[0] = 101;
    for (let j = 1; j < len - 1; j++) ids[j] = 103 + Math.floor(rng.next() * (vocab - 103));
    ids[len - 1] = 102;
    if (pairs) {
      const cut = 2 + Math.floor((len - 4) / 2);
      ids[cut] = 102;
      typeIds.fill(1, cut + 1);
    }
    examples.push(pairs ? { ids, typeIds } : { ids });
  }
  return { examples, batch: makeBatch(examples, 512, { padId }) };
}

export function exampleTargets(task: TaskKind, n: number, numLabels: number, seed: number): number[] | number[][] {
  const rng = createRng(seed);
  if (task === 'single_label_classification') return Array.from({ length: n }, () => Math.floor(rng.next() * numLabels));
  if (task === 'multi_label_classification') {
    return Array.from({ length: n }, () => Array.from({ length: numLabels }, () => (rng.next() < 0.5 ? 1 : 0)));
  }
  return Array.from({ length: n }, () => Array.from({ length: numLabels }, () => rng.next() * 4 - 2));
}

export function targetsTensor(task: TaskKind, targets: number[] | number[][]): tf.Tensor1D | tf.Tensor2D {
  return task === 'single_label_classification' ? tf.tensor1d(targets as number[], 'int32') : tf.tensor2d(targets as number[][]);
}

export interface GradResult {
  logits: Float32Array;
  loss: number;
  grads: Map<string, Float32Array>;
}

/** Logits, loss and d(loss)/d(every weight), eval mode (no dropout), read back in one batched await. */
export async function lossAndGrads(model: SequenceClassifier, batch: EncoderBatch, targets: tf.Tensor1D | tf.Tensor2D,
  classWeights?: number[]): Promise<GradResult> {
  const names = [...model.weights.keys()];
  const vars = names.map((n) => model.weights.get(n)!);
  const logitsHolder: tf.Tensor[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const logits = model.forward(batch, false);
    logitsHolder.push(tf.keep(logits));
    return model.loss(logits, targets, classWeights ? { classWeights } : undefined);
  }, vars);
  const all = await Promise.all([logitsHolder[0].data(), value.data(), ...names.map((n) => grads[model.weights.get(n)!.name].data())]);
  tf.dispose([value, logitsHolder[0], ...Object.values(grads)]);
  return {
    logits: all[0] as Float32Array,
    loss: (all[1] as Float32Array)[0],
    grads: new Map(names.map((n, i) => [n, all[i + 2] as Float32Array])),
  };
}

export interface ReferenceCase {
  configPath: string;
  weightsPath: string;
  batch: { ids: number[][]; mask: number[][]; typeIds: number[][] | null };
  task: TaskKind;
  targets: number[] | number[][];
  classWeights?: number[];
}

export async function batchArrays(batch: EncoderBatch): Promise<ReferenceCase['batch']> {
  const [b, s] = batch.inputIds.shape;
  const [ids, mask, types] = await Promise.all([batch.inputIds.data(), batch.attentionMask.data(), batch.tokenTypeIds?.data()]);
  const rows = (a: ArrayLike<number>) => Array.from({ length: b }, (_, i) => Array.from(a).slice(i * s, (i + 1) * s));
  return { ids: rows(ids), mask: rows(mask), typeIds: types ? rows(types) : null };
}

/** Writes the model's weights (HF names) to a temp safetensors file for the reference to read. */
export async function dumpWeights(model: SequenceClassifier, dir: string, name: string): Promise<string> {
  const file = path.join(dir, `${name}.safetensors`);
  fs.writeFileSync(file, writeSafetensors(await exportWeights(model)));
  return file;
}

/** Runs test/reference/bert_ref.py once for all cases; returns each case's parsed output. */
export function runReference(cases: ReferenceCase[], dir: string): GradResult[] {
  const request = cases.map((c, i) => ({
    config: c.configPath, weights: c.weightsPath, input_ids: c.batch.ids, attention_mask: c.batch.mask,
    token_type_ids: c.batch.typeIds, task: c.task, labels: c.targets, class_weights: c.classWeights ?? null,
    out: path.join(dir, `ref-${i}.safetensors`),
  }));
  const reqFile = path.join(dir, 'request.json');
  fs.writeFileSync(reqFile, JSON.stringify(request));
  const r = spawnSync(PYTHON, [path.join(root, 'test/reference/bert_ref.py'), reqFile], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bert_ref.py failed: ${r.stderr}`);
  return request.map((q) => {
    const { tensors } = parseSafetensors(new Uint8Array(fs.readFileSync(q.out)));
    const grads = new Map<string, Float32Array>();
    for (const [k, v] of tensors) if (k.startsWith('grad.')) grads.set(k.slice(5), v.data!);
    return { logits: tensors.get('logits')!.data!, loss: tensors.get('loss')!.data![0], grads };
  });
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'engine-'));
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/**
 * ||a − b|| / max(||b||, floor). The floor keeps gradients that are zero in exact arithmetic (the key
 * bias: softmax ignores a constant shift of every score) from turning fp32 rounding noise (~1e-9) into
 * a huge relative error; real gradients here have norms of 1e-3 … 1.
 */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-5): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) { num += (a[i] - b[i]) ** 2; den += b[i] ** 2; }
  return Math.sqrt(num) / Math.max(Math.sqrt(den), floor);
}
