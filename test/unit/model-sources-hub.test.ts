import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fetchHubModel } from '../../src/core/model/sources/hub';
import { ModelSourceError } from '../../src/core/model/sources/errors';
import type { DownloadProgress, FileCache } from '../../src/core/model/sources/types';

const hubDir = path.resolve(__dirname, '../fixtures/hub');
const TINY = 'ftstudio-fixtures/tiny-bert';
const size = (f: string) => fs.statSync(path.join(hubDir, TINY, f)).size;

/** A mock Hub: serves fixtures at /{repo}/resolve/{rev}/{file}; 'gated/*' answers 401; `hidden` files 404. */
function startHub() {
  const state = { requests: [] as string[], hidden: new Set<string>() };
  const server = http.createServer((req, res) => {
    state.requests.push(`${req.method} ${req.url}`);
    const m = /^\/(.+?)\/resolve\/([^/]+)\/(.+)$/.exec(decodeURIComponent(req.url ?? ''));
    if (!m) return void res.writeHead(404).end();
    const [, repo, revision, file] = m;
    if (revision !== 'main') return void res.writeHead(404).end('Revision not found');
    if (repo.startsWith('gated/')) return void res.writeHead(401).end('Access to model is restricted');
    const full = path.join(hubDir, repo, file);
    if (state.hidden.has(`${repo}/${file}`) || !fs.existsSync(full)) return void res.writeHead(404).end('Entry not found');
    res.writeHead(200, { 'Content-Length': fs.statSync(full).size });
    if (req.method === 'HEAD') return void res.end();
    // Small chunks so progress is reported more than once per file.
    fs.createReadStream(full, { highWaterMark: 256 * 1024 }).pipe(res);
  });
  return { state, server };
}

function memoryCache(): FileCache & { keys(): string[] } {
  const m = new Map<string, ArrayBuffer>();
  return {
    get: async (k) => m.get(k),
    put: async (k, v) => { m.set(k, v.slice(0)); },
    keys: () => [...m.keys()],
  };
}

async function listen(h: ReturnType<typeof startHub>): Promise<string> {
  await new Promise<void>((r) => h.server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(h.server.address() as AddressInfo).port}`;
}
const stop = (h: ReturnType<typeof startHub>) => new Promise<void>((r) => {
  h.server.close(() => r());
  h.server.closeAllConnections();
});

let hub: ReturnType<typeof startHub>;
let host: string;
beforeAll(async () => {
  hub = startHub();
  host = await listen(hub);
});
afterAll(() => stop(hub));

async function expectError(p: Promise<unknown>, code: string, ...fragments: string[]) {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(ModelSourceError);
  expect(`${(e as ModelSourceError).code}: ${(e as Error).message}`).toMatch(new RegExp(`^${code}: `));
  for (const f of fragments) expect((e as Error).message).toContain(f);
}

describe('fetchHubModel against a local mock Hub', () => {
  it('downloads with byte progress, then loads from the cache with the server stopped', async () => {
    const own = startHub();
    const host = await listen(own);
    const cache = memoryCache();
    const events: DownloadProgress[] = [];
    const first = await fetchHubModel(TINY, { host, cache, onProgress: (p) => events.push({ ...p }) });
    expect(first.fromCache).toBe(false);
    expect(first.files.source).toEqual({ kind: 'hub', id: TINY, revision: 'main', host });
    expect(first.files.weights.byteLength).toBe(size('model.safetensors'));
    expect(first.files.config.model_type).toBe('bert');
    expect(Object.keys(first.files.extraFiles).sort()).toEqual(['special_tokens_map.json', 'vocab.txt']);

    const weights = events.filter((e) => e.file === 'model.safetensors');
    expect(weights.length).toBeGreaterThan(2); // streamed in chunks, not one jump
    expect(weights[0].fileTotal).toBe(size('model.safetensors'));
    expect(weights.at(-1)!.fileLoaded).toBe(size('model.safetensors'));
    expect(events.every((e, i) => i === 0 || e.loaded >= events[i - 1].loaded)).toBe(true);
    const all = ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt', 'special_tokens_map.json'];
    const last = events.at(-1)!;
    expect(last.loaded).toBe(all.reduce((s, f) => s + size(f), 0));
    expect(last.total).toBe(last.loaded);

    expect(own.state.requests.length).toBe(6);
    await stop(own);
    await expectError(fetchHubModel(TINY, { host }), 'network'); // the server really is gone
    const second = await fetchHubModel(TINY, { host, cache, onProgress: (p) => events.push(p) });
    expect(second.fromCache).toBe(true);
    expect(events.at(-1)!.fromCache).toBe(true);
    expect(own.state.requests.length).toBe(6);
    expect(Buffer.compare(Buffer.from(second.files.weights), Buffer.from(first.files.weights))).toBe(0);
    expect(second.files.tokenizerJson).toEqual(first.files.tokenizerJson);
  });

  it('names the problem when only pytorch_model.bin exists', async () => {
    await expectError(fetchHubModel('ftstudio-fixtures/tiny-bert-bin-only', { host }), 'bin-only',
      'ftstudio-fixtures/tiny-bert-bin-only', 'pytorch_model.bin', 'safe_serialization=True');
    expect(hub.state.requests).toContain('HEAD /ftstudio-fixtures/tiny-bert-bin-only/resolve/main/pytorch_model.bin');
  });

  it('says 404 means a wrong id or revision, 401 a gated or private repo', async () => {
    await expectError(fetchHubModel('nobody/no-such-model', { host }), 'not-found', '"nobody/no-such-model"', 'config.json', '404');
    await expectError(fetchHubModel(TINY, { host, revision: 'v9' }), 'not-found', 'revision "v9"');
    await expectError(fetchHubModel('gated/llama', { host }), 'unauthorized', 'HTTP 401', 'gated', 'private');
    await expectError(fetchHubModel('not a model id', { host }), 'bad-id', 'owner/name');
  });

  it('says when tokenizer.json is missing', async () => {
    hub.state.hidden.add(`${TINY}/tokenizer.json`);
    try {
      await expectError(fetchHubModel(TINY, { host }), 'missing-file', 'no tokenizer.json');
    } finally {
      hub.state.hidden.clear();
    }
  });

  it('turns a network failure into a clear message and caches nothing partial', async () => {
    const cache = memoryCache();
    await expectError(fetchHubModel(TINY, { host: 'http://127.0.0.1:1', cache }), 'network', 'Could not reach http://127.0.0.1:1');
    expect(cache.keys()).toEqual([]);
  });
});
