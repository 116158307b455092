/**
 * The weights in TensorFlow.js's own format: model.json with a weightsManifest and 4 MB binary shards,
 * loadable with tf.io.loadWeights(manifest, baseUrl) or tf.io.decodeWeights. There is no layers topology
 * (the encoder is code, not a Keras graph): model.json carries the HF config instead, so the folder is
 * self-describing.
 */
import type { HfConfig, WeightMap } from './types';

const SHARD_BYTES = 4 * 1024 * 1024;

export interface TfjsWeightsManifestEntry {
  paths: string[];
  weights: { name: string; shape: number[]; dtype: 'float32' }[];
}

/** Returns files relative to the tfjs folder: model.json and group1-shardKofN.bin. */
export function buildTfjsWeights(config: HfConfig, weights: WeightMap): Record<string, Uint8Array | string> {
  const names = Object.keys(weights).sort();
  const total = names.reduce((n, k) => n + weights[k].data.byteLength, 0);
  const all = new Uint8Array(total);
  let offset = 0;
  for (const k of names) {
    const d = weights[k].data;
    all.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), offset);
    offset += d.byteLength;
  }
  // tfjs concatenates a group's shards and slices weights in manifest order, so shards may split a weight.
  const nShards = Math.max(1, Math.ceil(total / SHARD_BYTES));
  const paths = Array.from({ length: nShards }, (_, i) => `group1-shard${i + 1}of${nShards}.bin`);
  const files: Record<string, Uint8Array | string> = {};
  paths.forEach((p, i) => { files[p] = all.slice(i * SHARD_BYTES, Math.min(total, (i + 1) * SHARD_BYTES)); });
  const manifest: TfjsWeightsManifestEntry[] = [{
    paths,
    weights: names.map((name) => ({ name, shape: weights[name].shape, dtype: 'float32' })),
  }];
  files['model.json'] = JSON.stringify({
    format: 'finetune-studio-weights',
    generatedBy: 'FineTune Studio',
    convertedBy: null,
    modelTopology: null,
    userDefinedMetadata: { hf_config: config },
    weightsManifest: manifest,
  }, null, 2);
  return files;
}

/** Reads the format back (the inverse of buildTfjsWeights), for import and tests. */
export function parseTfjsWeights(files: Record<string, Uint8Array | string>): { config: HfConfig; weights: Record<string, { shape: number[]; data: Float32Array }> } {
  const modelJson = files['model.json'];
  if (typeof modelJson !== 'string') throw new Error('tfjs folder: model.json is missing.');
  const parsed = JSON.parse(modelJson) as { userDefinedMetadata?: { hf_config?: HfConfig }; weightsManifest: TfjsWeightsManifestEntry[] };
  const weights: Record<string, { shape: number[]; data: Float32Array }> = {};
  for (const group of parsed.weightsManifest) {
    const shards = group.paths.map((p) => {
      const f = files[p];
      if (!(f instanceof Uint8Array)) throw new Error(`tfjs folder: shard ${p} named in model.json is missing.`);
      return f;
    });
    const bytes = new Uint8Array(shards.reduce((n, s) => n + s.byteLength, 0));
    let o = 0;
    for (const s of shards) { bytes.set(s, o); o += s.byteLength; }
    let pos = 0;
    for (const w of group.weights) {
      const n = w.shape.reduce((a, b) => a * b, 1);
      weights[w.name] = { shape: w.shape, data: new Float32Array(bytes.buffer.slice(pos, pos + n * 4)) };
      pos += n * 4;
    }
  }
  const config = parsed.userDefinedMetadata?.hf_config;
  if (!config) throw new Error('tfjs folder: model.json has no userDefinedMetadata.hf_config.');
  return { config, weights };
}
