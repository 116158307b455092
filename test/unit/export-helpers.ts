/**
 * Test helpers for the export tests: tiny BERT / DistilBERT sequence classifiers with seeded random
 * weights in the exact Hugging Face layout, the real bert-base-uncased tokenizer files, 50 texts, and a
 * folder writer. Weights are drawn larger than HF's init (std 0.02) so that a wrong op shows in the logits.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRng, type Rng } from '../../src/core/rng';
import type { HfConfig, NamedTensor } from '../../src/core/export/types';
import { smsPath } from './data-fixtures';

export const root = path.resolve(import.meta.dirname, '../..');
/** The real bert-base-uncased tokenizer files, as bundled with the offline model (provenance in its README.md). */
export const bertTokenizerDir = path.resolve(root, 'public/models/offline-glove');

export function tokenizerFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of ['tokenizer.json', 'tokenizer_config.json', 'vocab.txt']) out[f] = fs.readFileSync(path.join(bertTokenizerDir, f), 'utf8');
  return out;
}

function randomTensor(rng: Rng, shape: number[], scale: number, offset = 0): NamedTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = offset + (rng.next() * 2 - 1) * scale;
  return { shape, data };
}

/**
 * A weight map and its two writers, drawing from `rng` in call order: `lin` adds a linear layer's
 * weight [out, inp] and bias, `ln` a LayerNorm's over `hidden` (weights around 1).
 */
function weightWriter(rng: Rng, hidden: number) {
  const w: Record<string, NamedTensor> = {};
  const lin = (name: string, out: number, inp: number) => {
    w[`${name}.weight`] = randomTensor(rng, [out, inp], 1 / Math.sqrt(inp));
    w[`${name}.bias`] = randomTensor(rng, [out], 0.1);
  };
  const ln = (name: string) => {
    w[`${name}.weight`] = randomTensor(rng, [hidden], 0.2, 1);
    w[`${name}.bias`] = randomTensor(rng, [hidden], 0.1);
  };
  return { w, lin, ln };
}

export function tinyBert(numLabels: number, seed = 1): { config: HfConfig; weights: Record<string, NamedTensor> } {
  const H = 32, I = 64, V = 30522, P = 64, L = 2;
  const config: HfConfig = {
    model_type: 'bert', vocab_size: V, hidden_size: H, num_hidden_layers: L, num_attention_heads: 4,
    intermediate_size: I, hidden_act: 'gelu', max_position_embeddings: P, type_vocab_size: 2,
    layer_norm_eps: 1e-12, hidden_dropout_prob: 0.1, attention_probs_dropout_prob: 0.1, pad_token_id: 0,
    initializer_range: 0.02, position_embedding_type: 'absolute',
  };
  const rng = createRng(seed);
  const { w, lin, ln } = weightWriter(rng, H);
  w['bert.embeddings.word_embeddings.weight'] = randomTensor(rng, [V, H], 1);
  w['bert.embeddings.position_embeddings.weight'] = randomTensor(rng, [P, H], 0.5);
  w['bert.embeddings.token_type_embeddings.weight'] = randomTensor(rng, [2, H], 0.5);
  ln('bert.embeddings.LayerNorm');
  for (let i = 0; i < L; i++) {
    const l = `bert.encoder.layer.${i}`;
    lin(`${l}.attention.self.query`, H, H); lin(`${l}.attention.self.key`, H, H); lin(`${l}.attention.self.value`, H, H);
    lin(`${l}.attention.output.dense`, H, H); ln(`${l}.attention.output.LayerNorm`);
    lin(`${l}.intermediate.dense`, I, H); lin(`${l}.output.dense`, H, I); ln(`${l}.output.LayerNorm`);
  }
  lin('bert.pooler.dense', H, H);
  lin('classifier', numLabels, H);
  return { config, weights: w };
}

/** RoBERTa layout: BERT's encoder under `roberta.`, one token type, head classifier.dense → out_proj, no pooler. */
export function tinyRoberta(numLabels: number, seed = 3): { config: HfConfig; weights: Record<string, NamedTensor> } {
  const bert = tinyBert(numLabels, seed);
  const rng = createRng(seed + 100);
  const weights: Record<string, NamedTensor> = {};
  for (const [name, t] of Object.entries(bert.weights)) {
    if (name.startsWith('bert.pooler') || name.startsWith('classifier')) continue;
    weights[name.replace(/^bert\./, 'roberta.')] = t;
  }
  const H = bert.config.hidden_size as number;
  weights['roberta.embeddings.token_type_embeddings.weight'] = randomTensor(rng, [1, H], 0.5);
  // 66 positions: numbered from pad + 1, they hold 65 tokens (as roberta-base's 514 hold 512).
  weights['roberta.embeddings.position_embeddings.weight'] = randomTensor(rng, [66, H], 0.5);
  weights['classifier.dense.weight'] = randomTensor(rng, [H, H], 1 / Math.sqrt(H));
  weights['classifier.dense.bias'] = randomTensor(rng, [H], 0.1);
  weights['classifier.out_proj.weight'] = randomTensor(rng, [numLabels, H], 1 / Math.sqrt(H));
  weights['classifier.out_proj.bias'] = randomTensor(rng, [numLabels], 0.1);
  // The real bert-base-uncased tokenizer pads with 0, so the config says so (RoBERTa's own is 1).
  const config: HfConfig = { ...bert.config, model_type: 'roberta', type_vocab_size: 1, max_position_embeddings: 66, layer_norm_eps: 1e-5, pad_token_id: 0 };
  return { config, weights };
}

export function tinyDistilBert(numLabels: number, seed = 2): { config: HfConfig; weights: Record<string, NamedTensor> } {
  const H = 32, I = 64, V = 30522, P = 64, L = 2;
  const config: HfConfig = {
    model_type: 'distilbert', vocab_size: V, dim: H, n_layers: L, n_heads: 4, hidden_dim: I, activation: 'gelu',
    max_position_embeddings: P, dropout: 0.1, attention_dropout: 0.1, seq_classif_dropout: 0.2, pad_token_id: 0,
    initializer_range: 0.02, sinusoidal_pos_embds: false, tie_weights_: true, qa_dropout: 0.1,
  };
  const rng = createRng(seed);
  const { w, lin, ln } = weightWriter(rng, H);
  w['distilbert.embeddings.word_embeddings.weight'] = randomTensor(rng, [V, H], 1);
  w['distilbert.embeddings.position_embeddings.weight'] = randomTensor(rng, [P, H], 0.5);
  ln('distilbert.embeddings.LayerNorm');
  for (let i = 0; i < L; i++) {
    const l = `distilbert.transformer.layer.${i}`;
    for (const n of ['q_lin', 'k_lin', 'v_lin', 'out_lin']) lin(`${l}.attention.${n}`, H, H);
    ln(`${l}.sa_layer_norm`); lin(`${l}.ffn.lin1`, I, H); lin(`${l}.ffn.lin2`, H, I); ln(`${l}.output_layer_norm`);
  }
  lin('pre_classifier', H, H);
  lin('classifier', numLabels, H);
  return { config, weights: w };
}

/** 50 texts of varied length, including ones longer than the 64 positions (truncated) and odd characters. */
export function sampleTexts(): string[] {
  const lines = fs.readFileSync(smsPath, 'utf8').split('\n').slice(1, 48)
    .map((l) => l.replace(/,(ham|spam)\s*$/, '').replace(/^"|"$/g, ''));
  return [...lines, 'this message is long and repeats itself '.repeat(12), 'caf\u00e9 \u00a3100 \u{1F600} <b>win</b>', 'a'];
}

/** Every folder of one test process lives under here; `removeFolders()` (in afterAll) deletes them. */
const tempRoot = path.join(os.tmpdir(), `ftstudio-export-${process.pid}`);

export function removeFolders(): void {
  fs.rmSync(tempRoot, { recursive: true, force: true });
}

export function writeFolder(files: Record<string, string | Uint8Array>, dir?: string): string {
  fs.mkdirSync(tempRoot, { recursive: true });
  const out = dir ?? fs.mkdtempSync(path.join(tempRoot, 'model-'));
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(out, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
  return out;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
