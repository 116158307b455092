/**
 * Runs an exported folder outside the studio, for the export tests: ONNX Runtime on onnx/model*.onnx and
 * the independent PyTorch reference (test/reference/export_ref.py) on config.json + model.safetensors.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { root } from './export-helpers';
import { PYTHON } from './pytorch';

/** A padded batch of token ids, as the Hugging Face tokenizers return it (rows × sequence length). */
export interface EncodedIds { input_ids: number[][]; attention_mask: number[][]; token_type_ids: number[][] }

/** Logits from ONNX Runtime; token_type_ids are fed only `withTypes` (DistilBERT's graph has no such input). */
export async function ortLogits(modelFile: string, ids: EncodedIds, withTypes: boolean): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(modelFile);
  const dims = [ids.input_ids.length, ids.input_ids[0].length];
  const t = (rows: number[][]) => new ort.Tensor('int64', BigInt64Array.from(rows.flat().map(BigInt)), dims);
  const feeds: Record<string, ort.Tensor> = { input_ids: t(ids.input_ids), attention_mask: t(ids.attention_mask) };
  if (withTypes) feeds.token_type_ids = t(ids.token_type_ids);
  const out = await session.run(feeds);
  await session.release();
  return out.logits.data as Float32Array;
}

/** Logits from the PyTorch reference on the folder's config.json + model.safetensors (ids written to inputs.json there). */
export function torchLogits(folder: string, ids: EncodedIds): Float32Array {
  const inputs = path.join(folder, 'inputs.json');
  fs.writeFileSync(inputs, JSON.stringify(ids));
  const out = execFileSync(PYTHON, [path.join(root, 'test/reference/export_ref.py'), folder, inputs], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return Float32Array.from((JSON.parse(out) as { logits: number[][] }).logits.flat());
}
