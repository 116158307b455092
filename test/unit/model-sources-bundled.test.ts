import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { fetchBundledModel } from '../../src/core/model/sources/bundled';
import { fetchHubModel } from '../../src/core/model/sources/hub';
import { resolveModelKey } from '../../src/core/model/sources/modelKey';
import type { DownloadProgress } from '../../src/core/model/sources/types';

const publicDir = path.resolve(__dirname, '../../public');

/** The app server as Vite's preview serves it: files from public/, index.html for anything else. */
async function appFetch(url: string): Promise<Response> {
  const file = path.join(publicDir, new URL(url).pathname);
  if (fs.existsSync(file)) return new Response(fs.readFileSync(file), { headers: { 'Content-Length': String(fs.statSync(file).size) } });
  return new Response('<!doctype html><div id="root"></div>', { headers: { 'Content-Type': 'text/html' } });
}

describe('fetchBundledModel', () => {
  it('loads public/models/offline-glove from the app server with progress, treating the SPA fallback as absent', async () => {
    const events: DownloadProgress[] = [];
    const files = await fetchBundledModel('offline-glove', { baseUrl: 'http://app.test/', fetch: appFetch, onProgress: (p) => events.push(p) });
    expect(files.source).toEqual({ kind: 'bundled', id: 'offline-glove' });
    expect(files.config.model_type).toBe('glove-pool');
    expect(files.weights.byteLength).toBe(fs.statSync(path.join(publicDir, 'models/offline-glove/model.safetensors')).size);
    expect(Object.keys(files.extraFiles)).toEqual(['vocab.txt']); // special_tokens_map.json is absent: index.html came back
    const last = events.at(-1)!;
    const sizes = ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt']
      .reduce((s, f) => s + fs.statSync(path.join(publicDir, 'models/offline-glove', f)).size, 0);
    expect(last.loaded).toBe(sizes);
    const viaKey = await resolveModelKey('bundled:offline-glove', { baseUrl: 'http://app.test/', fetch: appFetch });
    expect(viaKey.files.weights.byteLength).toBe(files.weights.byteLength);
  });

  it('loads the CNN from its own config.json and the bag-of-vectors folder\'s weights and tokenizer (one 6 MB file, not two)', async () => {
    const requested: string[] = [];
    const files = await fetchBundledModel('offline-glove-cnn', { baseUrl: 'http://app.test/', fetch: (u) => { requested.push(new URL(u).pathname); return appFetch(u); } });
    expect(files.source).toEqual({ kind: 'bundled', id: 'offline-glove-cnn' });
    expect(files.config.model_type).toBe('glove-cnn');
    expect(requested).toContain('/models/offline-glove-cnn/config.json');
    expect(requested).toContain('/models/offline-glove/model.safetensors');
    expect(requested.filter((p) => p.startsWith('/models/offline-glove-cnn/'))).toEqual(['/models/offline-glove-cnn/config.json']);
    expect(fs.readdirSync(path.join(publicDir, 'models/offline-glove-cnn')).sort()).toEqual(['README.md', 'config.json']);
    const pool = await fetchBundledModel('offline-glove', { baseUrl: 'http://app.test/', fetch: appFetch });
    expect(Buffer.from(files.weights).equals(Buffer.from(pool.weights))).toBe(true);
  });

  it('names an unknown bundled model', async () => {
    await expect(fetchBundledModel('nope', { baseUrl: 'http://app.test/', fetch: appFetch })).rejects.toThrow(/no bundled model "nope"; bundled: offline-glove-cnn, offline-glove/);
  });
});

describe('cancelling', () => {
  it('an aborted Hub download rejects with the AbortError, not a network message', async () => {
    const controller = new AbortController();
    const slowFetch = (_url: string, init?: { signal?: AbortSignal }) => new Promise<Response>((_, reject) => {
      init?.signal?.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError')));
    });
    const p = fetchHubModel('owner/model', { host: 'http://hub.test', fetch: slowFetch, signal: controller.signal });
    controller.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });
});
