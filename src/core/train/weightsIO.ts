/** Reading model weights out of tfjs variables (for checkpoints) and writing them back (resume, best). */
import * as tf from '@tensorflow/tfjs';
import type { StoredTensor } from './checkpoint';

/** All weights as plain Float32Arrays, read with one batch of `data()` calls (never dataSync). */
export async function readWeights(weights: ReadonlyMap<string, tf.Variable>): Promise<Record<string, StoredTensor>> {
  const names = [...weights.keys()];
  const values = await Promise.all(names.map((n) => weights.get(n)!.data()));
  const out: Record<string, StoredTensor> = {};
  names.forEach((n, i) => {
    out[n] = { shape: [...weights.get(n)!.shape], data: new Float32Array(values[i] as Float32Array) };
  });
  return out;
}

/** Assigns stored values to the model's variables; every model weight must be present with its shape. */
export function writeWeights(weights: ReadonlyMap<string, tf.Variable>, stored: Record<string, StoredTensor>, where: string): void {
  for (const [name, v] of weights) {
    const t = stored[name];
    if (!t) throw new Error(`${where}: weight ${name} is missing`);
    if (t.shape.length !== v.shape.length || t.shape.some((d, i) => d !== v.shape[i])) {
      throw new Error(`${where}: weight ${name} is [${t.shape.join(', ')}], the model needs [${v.shape.join(', ')}]`);
    }
    tf.tidy(() => v.assign(tf.tensor(t.data, t.shape, 'float32')));
  }
}
