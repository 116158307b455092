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

/**
 * A mock Hub as huggingface.co answers: fixtures at /{repo}/resolve/{rev}/{file} (GET and HEAD; *.safetensors and
 * *.bin redirected to a CDN path, as the Hub does for LFS files), the file list at /api/models/{repo}/tree/{rev}
 * (off with `noApi`, as on a plain file mirror); 'gated/*' answers 401; `hidden` files are absent.
 */
function startHub() {
  const state = { requests: [] as string[], hidden: new Set<string>(), noApi: false };
  const exists = (repo: string, file: string) => !state.hidden.has(`${repo}/${file}`) && fs.existsSync(path.join(hubDir, repo, file));
  const server = http.createServer((req, res) => {
    state.requests.push(`${req.method} ${req.url}`);
    const url = decodeURIComponent(req.url ?? '');
    const tree = /^\/api\/models\/(.+?)\/tree\/([^/]+)$/.exec(url);
    if (tree && !state.noApi) {
      const [, repo, revision] = tree;
      if (repo.startsWith('gated/')) return void res.writeHead(401).end('{"error":"Access to model is restricted"}');
      const dir = path.join(hubDir, repo);
      if (revision !== 'main' || !fs.existsSync(dir)) return void res.writeHead(404).end('{"error":"Repository not found"}');
      const files = fs.readdirSync(dir).filter((f) => exists(repo, f)).map((f) => ({ type: 'file', path: f, size: fs.statSync(path.join(dir, f)).size }));
      return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(files));
    }
    const cdn = /^\/cdn\/(.+)$/.exec(url);
    const m = /^\/(.+?)\/resolve\/([^/]+)\/(.+)$/.exec(url);
    if (!m && !cdn) return void res.writeHead(404).end();
    const [repo, revision, file] = cdn ? [path.dirname(cdn[1]), 'main', path.basename(cdn[1])] : [m![1], m![2], m![3]];
    if (revision !== 'main') return void res.writeHead(404).end('Revision not found');
    if (repo.startsWith('gated/')) return void res.writeHead(401).end('Access to model is restricted');
    if (!exists(repo, file)) return void res.writeHead(404).end('Entry not found');
    if (!cdn && /\.(safetensors|bin)$/.test(file)) return void res.writeHead(302, { Location: `/cdn/${repo}/${file}` }).end();
    const full = path.join(hubDir, repo, file);
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

    // One file list, then six GETs (the weights through the CDN redirect): no HEAD, nothing that is not there.
    expect(own.state.requests).toEqual([
      `GET /api/models/${TINY}/tree/main`, ...all.flatMap((f) => [`GET /${TINY}/resolve/main/${f}`, ...(f === 'model.safetensors' ? [`GET /cdn/${TINY}/${f}`] : [])]),
    ]);
    expect(events[0].total).toBe(last.total); // the total is known from the file list, before the first byte
    const requests = own.state.requests.length;
    await stop(own);
    await expectError(fetchHubModel(TINY, { host }), 'network'); // the server really is gone
    const second = await fetchHubModel(TINY, { host, cache, onProgress: (p) => events.push(p) });
    expect(second.fromCache).toBe(true);
    expect(events.at(-1)!.fromCache).toBe(true);
    expect(own.state.requests.length).toBe(requests);
    expect(Buffer.compare(Buffer.from(second.files.weights), Buffer.from(first.files.weights))).toBe(0);
    expect(second.files.tokenizerJson).toEqual(first.files.tokenizerJson);
  });

  it('names the problem when only pytorch_model.bin exists', async () => {
    await expectError(fetchHubModel('ftstudio-fixtures/tiny-bert-bin-only', { host }), 'bin-only',
      'ftstudio-fixtures/tiny-bert-bin-only', 'pytorch_model.bin', 'safe_serialization=True');
    expect(hub.state.requests.filter((r) => r.includes('tiny-bert-bin-only'))).toEqual(['GET /api/models/ftstudio-fixtures/tiny-bert-bin-only/tree/main']);
    // Without a file list (a plain mirror), HEAD requests find the same, following the redirect of the .bin.
    hub.state.noApi = true;
    try {
      await expectError(fetchHubModel('ftstudio-fixtures/tiny-bert-bin-only', { host }), 'bin-only', 'pytorch_model.bin');
      expect(hub.state.requests).toContain('HEAD /cdn/ftstudio-fixtures/tiny-bert-bin-only/pytorch_model.bin');
    } finally {
      hub.state.noApi = false;
    }
  });

  it('says 404 means a wrong id or revision, 401 a gated or private repo', async () => {
    await expectError(fetchHubModel('nobody/no-such-model', { host }), 'not-found', '"nobody/no-such-model"', 'config.json', '404');
    await expectError(fetchHubModel(TINY, { host, revision: 'v9' }), 'not-found', 'revision "v9"');
    await expectError(fetchHubModel('gated/llama', { host }), 'unauthorized', 'HTTP 401', 'gated', 'private');
    await expectError(fetchHubModel('not a model id', { host }), 'bad-id', 'owner/name');
  });

  it('says when tokenizer.json is missing before fetching the weights, with or without a file list', async () => {
    hub.state.hidden.add(`${TINY}/tokenizer.json`);
    try {
      for (const noApi of [false, true, false]) {
        hub.state.noApi = noApi;
        hub.state.requests.length = 0;
        await expectError(fetchHubModel(TINY, { host }), 'missing-file', 'no tokenizer.json');
        const gets = hub.state.requests.filter((r) => r.startsWith('GET') && !r.includes('/api/'));
        expect(gets).toEqual([]);
        if (noApi) expect(hub.state.requests).toContain(`HEAD /cdn/${TINY}/model.safetensors`); // checked, not downloaded
      }
    } finally {
      hub.state.hidden.clear();
      hub.state.noApi = false;
    }
  });

  it('asks only for the optional files the repository has (no 404 for a missing special_tokens_map.json)', async () => {
    hub.state.hidden.add(`${TINY}/special_tokens_map.json`);
    hub.state.requests.length = 0;
    try {
      const { files } = await fetchHubModel(TINY, { host });
      expect(Object.keys(files.extraFiles)).toEqual(['vocab.txt']);
      expect(hub.state.requests.filter((r) => r.includes('special_tokens_map'))).toEqual([]);
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
