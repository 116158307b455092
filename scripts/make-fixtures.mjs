#!/usr/bin/env node
// Generates tiny BERT / DistilBERT / RoBERTa repositories in the exact Hugging Face Hub layout under
// test/fixtures/hub/ (gitignored; about 26 MB), in a second or two, with Node alone.
//
// Deterministic (seeded normals) and idempotent: a stamp holding the hash of this script, its library and the
// tokenizer files makes a second run a no-op (`--force` rewrites). Weights are normal with std 0.05 (linear
// layers 0.1, heads 0.2; LayerNorm weights 1 + N(0, 0.1)) so logits and gradients are far from trivial.
// The vocabulary is the real bert-base-uncased one (30,522 tokens): the tokenizer files are those of the
// bundled offline model, public/models/offline-glove/ (provenance in its README.md).
//
// Repos (names are a contract with the tests):
//   ftstudio-fixtures/tiny-bert                   BertModel names (no prefix), pooler, no head, + position_ids buffer
//   ftstudio-fixtures/tiny-bert-classifier        BertForSequenceClassification names, 2 labels ham/spam
//   ftstudio-fixtures/tiny-distilbert             DistilBertModel names (no prefix), no head
//   ftstudio-fixtures/tiny-distilbert-classifier  DistilBertForSequenceClassification names, 2 labels ham/spam
//   ftstudio-fixtures/tiny-bert-f16               tiny-bert's weights stored as F16
//   ftstudio-fixtures/tiny-bert-bin-only          tiny-bert as pytorch_model.bin only (torch.save's zip format)
//   ftstudio-fixtures/tiny-roberta-classifier     RobertaForSequenceClassification names, vocabulary 1,000, numeric
//                                                 tests only (config + weights, no tokenizer: RoBERTa's is BPE)
//
// Usage: node scripts/make-fixtures.mjs [--force] [--out dir]    (npm run fixtures; `pretest` runs it)
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalRng, safetensorsBytes, toHalf, torchCheckpointBytes } from './lib/tensor-files.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const DEFAULT_HUB = path.join(root, 'test/fixtures/hub');
const ORG = 'ftstudio-fixtures';
const TOKENIZER_DIR = path.join(root, 'public/models/offline-glove');
const TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json', 'vocab.txt'];
const VOCAB = 30522;
const [HIDDEN, LAYERS, HEADS, FFN, MAXPOS] = [32, 2, 4, 64, 512];
const REPOS = ['tiny-bert', 'tiny-bert-classifier', 'tiny-distilbert', 'tiny-distilbert-classifier', 'tiny-bert-f16',
  'tiny-bert-bin-only', 'tiny-roberta-classifier'];
const LABELS = { id2label: { 0: 'ham', 1: 'spam' }, label2id: { ham: 0, spam: 1 } };

/** Draws weights in call order from one seeded normal stream, into `w` (name → { shape, data }). */
function initializer(seed) {
  const normal = normalRng(seed);
  const w = {};
  const draw = (shape, std, mean = 0) => {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = mean + normal() * std;
    return { shape, data };
  };
  return {
    w,
    draw,
    tensor: (name, shape, std = 0.05) => { w[name] = draw(shape, std); },
    linear: (name, out, inp, std = 0.1) => { w[`${name}.weight`] = draw([out, inp], std); w[`${name}.bias`] = draw([out], 0.05); },
    layerNorm: (name, n = HIDDEN) => { w[`${name}.weight`] = draw([n], 0.1, 1); w[`${name}.bias`] = draw([n], 0.05); },
  };
}

function bertWeights(seed, withHead, numLabels = 2) {
  const r = initializer(seed);
  const p = withHead ? 'bert.' : '';
  r.tensor(`${p}embeddings.word_embeddings.weight`, [VOCAB, HIDDEN]);
  r.tensor(`${p}embeddings.position_embeddings.weight`, [MAXPOS, HIDDEN]);
  r.tensor(`${p}embeddings.token_type_embeddings.weight`, [2, HIDDEN]);
  r.layerNorm(`${p}embeddings.LayerNorm`);
  for (let i = 0; i < LAYERS; i++) {
    const q = `${p}encoder.layer.${i}.`;
    for (const name of ['attention.self.query', 'attention.self.key', 'attention.self.value', 'attention.output.dense']) r.linear(q + name, HIDDEN, HIDDEN);
    r.layerNorm(`${q}attention.output.LayerNorm`);
    r.linear(`${q}intermediate.dense`, FFN, HIDDEN);
    r.linear(`${q}output.dense`, HIDDEN, FFN);
    r.layerNorm(`${q}output.LayerNorm`);
  }
  r.linear(`${p}pooler.dense`, HIDDEN, HIDDEN);
  if (withHead) r.linear('classifier', numLabels, HIDDEN, 0.2);
  return r.w;
}

function distilbertWeights(seed, withHead, numLabels = 2) {
  const r = initializer(seed);
  const p = withHead ? 'distilbert.' : '';
  r.tensor(`${p}embeddings.word_embeddings.weight`, [VOCAB, HIDDEN]);
  r.tensor(`${p}embeddings.position_embeddings.weight`, [MAXPOS, HIDDEN]);
  r.layerNorm(`${p}embeddings.LayerNorm`);
  for (let i = 0; i < LAYERS; i++) {
    const q = `${p}transformer.layer.${i}.`;
    for (const name of ['attention.q_lin', 'attention.k_lin', 'attention.v_lin', 'attention.out_lin']) r.linear(q + name, HIDDEN, HIDDEN);
    r.layerNorm(`${q}sa_layer_norm`);
    r.linear(`${q}ffn.lin1`, FFN, HIDDEN);
    r.linear(`${q}ffn.lin2`, HIDDEN, FFN);
    r.layerNorm(`${q}output_layer_norm`);
  }
  if (withHead) {
    r.linear('pre_classifier', HIDDEN, HIDDEN);
    r.linear('classifier', numLabels, HIDDEN, 0.2);
  }
  return r.w;
}

/** BERT's encoder under `roberta.` with its own embeddings (vocabulary 1,000, 130 positions, one type) and head. */
function robertaWeights(seed, numLabels = 2, vocab = 1000, maxPos = 130) {
  const r = initializer(seed + 1000);
  for (const [k, v] of Object.entries(bertWeights(seed, true, numLabels))) {
    if (!k.startsWith('bert.pooler') && !k.startsWith('classifier')) r.w[`roberta.${k.slice('bert.'.length)}`] = v;
  }
  r.tensor('roberta.embeddings.word_embeddings.weight', [vocab, HIDDEN]);
  r.tensor('roberta.embeddings.position_embeddings.weight', [maxPos, HIDDEN]);
  r.tensor('roberta.embeddings.token_type_embeddings.weight', [1, HIDDEN]);
  r.linear('classifier.dense', HIDDEN, HIDDEN);
  r.linear('classifier.out_proj', numLabels, HIDDEN, 0.2);
  return r.w;
}

const COMMON = { initializer_range: 0.02, torch_dtype: 'float32', transformers_version: '4.44.0' };

function bertConfig(classifier) {
  return {
    architectures: [classifier ? 'BertForSequenceClassification' : 'BertModel'], model_type: 'bert', vocab_size: VOCAB,
    hidden_size: HIDDEN, num_hidden_layers: LAYERS, num_attention_heads: HEADS, intermediate_size: FFN,
    max_position_embeddings: MAXPOS, type_vocab_size: 2, layer_norm_eps: 1e-12, hidden_dropout_prob: 0.1,
    attention_probs_dropout_prob: 0.1, pad_token_id: 0, hidden_act: 'gelu', position_embedding_type: 'absolute',
    classifier_dropout: null, ...COMMON,
    ...(classifier ? { ...LABELS, problem_type: 'single_label_classification' } : {}),
  };
}

function distilbertConfig(classifier) {
  return {
    architectures: [classifier ? 'DistilBertForSequenceClassification' : 'DistilBertModel'], model_type: 'distilbert',
    vocab_size: VOCAB, dim: HIDDEN, n_layers: LAYERS, n_heads: HEADS, hidden_dim: FFN, max_position_embeddings: MAXPOS,
    dropout: 0.1, attention_dropout: 0.1, activation: 'gelu', qa_dropout: 0.1, seq_classif_dropout: 0.2,
    sinusoidal_pos_embds: false, tie_weights_: true, pad_token_id: 0, ...COMMON,
    ...(classifier ? { ...LABELS, problem_type: 'single_label_classification' } : {}),
  };
}

function robertaConfig() {
  return {
    architectures: ['RobertaForSequenceClassification'], model_type: 'roberta', vocab_size: 1000, hidden_size: HIDDEN,
    num_hidden_layers: LAYERS, num_attention_heads: HEADS, intermediate_size: FFN, max_position_embeddings: 130,
    type_vocab_size: 1, layer_norm_eps: 1e-5, hidden_dropout_prob: 0.1, attention_probs_dropout_prob: 0.1,
    pad_token_id: 1, bos_token_id: 0, eos_token_id: 2, hidden_act: 'gelu', position_embedding_type: 'absolute',
    classifier_dropout: null, ...COMMON, ...LABELS,
  };
}

const SPECIAL_TOKENS = { cls_token: '[CLS]', mask_token: '[MASK]', pad_token: '[PAD]', sep_token: '[SEP]', unk_token: '[UNK]' };

function writeRepo(hub, name, config, weights, { format = 'safetensors', tokenizer = true, extra = {} } = {}) {
  const dir = path.join(hub, ORG, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config, null, 2));
  if (tokenizer) {
    for (const f of TOKENIZER_FILES) fs.copyFileSync(path.join(TOKENIZER_DIR, f), path.join(dir, f));
    fs.writeFileSync(path.join(dir, 'special_tokens_map.json'), JSON.stringify(SPECIAL_TOKENS, null, 2));
  }
  if (format === 'bin') {
    fs.writeFileSync(path.join(dir, 'pytorch_model.bin'), torchCheckpointBytes(weights));
    return;
  }
  const tensors = format === 'f16'
    ? Object.fromEntries(Object.entries(weights).map(([k, { shape, data }]) => [k, { shape, data: Uint16Array.from(data, toHalf) }]))
    : weights;
  fs.writeFileSync(path.join(dir, 'model.safetensors'), safetensorsBytes({ ...tensors, ...extra }, { format: 'pt' }));
}

/** What the fixtures depend on: this script, its library, and the tokenizer files. */
function inputsDigest() {
  const hash = crypto.createHash('sha256');
  for (const f of [fileURLToPath(import.meta.url), path.join(here, 'lib/tensor-files.mjs'), ...TOKENIZER_FILES.map((t) => path.join(TOKENIZER_DIR, t))]) {
    hash.update(fs.readFileSync(f));
  }
  return hash.digest('hex');
}

/** Writes the fixtures under `hub` unless they are complete and up to date; returns whether it wrote them. */
export function makeFixtures({ hub = DEFAULT_HUB, force = false } = {}) {
  const digest = inputsDigest();
  const stamp = path.join(hub, '.stamp');
  const complete = REPOS.every((r) => fs.existsSync(path.join(hub, ORG, r, 'config.json')));
  if (!force && complete && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === digest) return false;
  fs.rmSync(path.join(hub, ORG), { recursive: true, force: true });
  fs.rmSync(stamp, { force: true });
  const base = bertWeights(1, false);
  const positionIds = { 'embeddings.position_ids': { shape: [1, MAXPOS], data: BigInt64Array.from({ length: MAXPOS }, (_, i) => BigInt(i)) } };
  writeRepo(hub, 'tiny-bert', bertConfig(false), base, { extra: positionIds });
  writeRepo(hub, 'tiny-bert-classifier', bertConfig(true), bertWeights(2, true));
  writeRepo(hub, 'tiny-distilbert', distilbertConfig(false), distilbertWeights(3, false));
  writeRepo(hub, 'tiny-distilbert-classifier', distilbertConfig(true), distilbertWeights(4, true));
  writeRepo(hub, 'tiny-bert-f16', { ...bertConfig(false), torch_dtype: 'float16' }, base, { format: 'f16' });
  writeRepo(hub, 'tiny-bert-bin-only', bertConfig(false), base, { format: 'bin' });
  writeRepo(hub, 'tiny-roberta-classifier', robertaConfig(), robertaWeights(5), { tokenizer: false });
  // Written last: an interrupted run leaves no stamp and is redone.
  fs.writeFileSync(stamp, `${digest}\n`);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv.indexOf('--out');
  const hub = out > 0 ? path.resolve(process.argv[out + 1]) : DEFAULT_HUB;
  const wrote = makeFixtures({ hub, force: process.argv.includes('--force') });
  console.log(`${wrote ? 'fixtures written' : 'fixtures are up to date'}: ${hub.startsWith(root) ? path.relative(root, hub) : hub}`);
}
