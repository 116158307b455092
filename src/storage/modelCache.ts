/**
 * The browser's FileCache for model files: the Cache Storage API (it holds large binary responses well
 * and is also available inside workers). Keys may be any string; they are mapped to URLs under this
 * origin because Cache Storage only accepts http(s) requests.
 */
import type { FileCache } from '../core/model/sources/types';
import { browserStorageEstimate } from './idb';

export const MODEL_CACHE_NAME = 'finetune-studio-models';

/**
 * Hub keys are already absolute URLs and stay as they are; other keys ('local-model/<name>/<file>') are
 * placed under a fixed fake origin. The train stage (useTrainingInputs.ts) reads the same bucket the same way.
 */
function requestFor(key: string): string {
  return new URL(key, 'https://cache.local/').href;
}

/** undefined where Cache Storage is missing (an insecure http origin other than localhost). */
export function createModelCache(name = MODEL_CACHE_NAME): FileCache | undefined {
  if (typeof caches === 'undefined') return undefined;
  const open = () => caches.open(name);
  return {
    async get(key) {
      const res = await (await open()).match(requestFor(key));
      return res ? res.arrayBuffer() : undefined;
    },
    async put(key, data) {
      const body = new Blob([data], { type: 'application/octet-stream' });
      await (await open()).put(requestFor(key), new Response(body, { headers: { 'Content-Length': String(data.byteLength) } }));
    },
  };
}

/** Bytes used and available for this origin, for the "n MB cached" note; undefined when unknown. */
export async function storageEstimate(): Promise<{ usage: number; quota: number } | undefined> {
  const e = await browserStorageEstimate();
  if (!e) return undefined;
  const { usage, quota } = e;
  return usage === undefined || quota === undefined ? undefined : { usage, quota };
}

/** Deletes every cached model file (the "clear downloaded models" button). */
export async function clearModelCache(name = MODEL_CACHE_NAME): Promise<void> {
  if (typeof caches !== 'undefined') await caches.delete(name);
}
