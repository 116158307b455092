/**
 * Downloads a model from the Hugging Face Hub (or a mirror with the same URL layout:
 * {host}/{id}/resolve/{revision}/{file}), streaming with byte progress, through an injected FileCache so
 * a model loaded once loads again with no network at all.
 */
import { assembleModelFiles, OPTIONAL_FILES } from './assemble';
import { readCachedFolder, sumBytes, writeCachedFolder } from './cachedFolder';
import { readWithProgress, request, type FetchLike, type StreamOptions } from './download';
import { ModelSourceError } from './errors';
import type { DownloadProgress, FileCache, ModelFiles } from './types';

export const DEFAULT_HUB_HOST = 'https://huggingface.co';

export interface HubFetchOptions {
  host?: string;
  revision?: string;
  fetch?: FetchLike;
  cache?: FileCache;
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
}

export interface HubLoadResult {
  files: ModelFiles;
  /** true when every file came from the cache and the network was not touched. */
  fromCache: boolean;
}

const ID_PATTERN = /^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)?$/;

export function normalizeHost(host: string): string {
  return host.trim().replace(/\/+$/, '');
}

/** The URL of one file of a Hub repository; also the cache key. */
export function hubFileUrl(host: string, id: string, revision: string, file: string): string {
  return `${normalizeHost(host)}/${id}/resolve/${encodeURIComponent(revision)}/${file}`;
}

/** One Hub repository at one revision, as the download steps below see it. */
interface HubRepo {
  host: string;
  id: string;
  url: (file: string) => string;
}

/**
 * GETs one file of the repository with byte progress over all files so far; undefined on 404, a message
 * naming the file and the status otherwise.
 */
function hubFileGetter(repo: HubRepo, stream: StreamOptions, onProgress: HubFetchOptions['onProgress']) {
  const totals = new Map<string, number>();
  const loadedByFile = new Map<string, number>();
  return async (file: string): Promise<ArrayBuffer | undefined> => {
    const res = await request(repo.url(file), stream);
    if (res.status === 404) return undefined;
    if (res.status === 401 || res.status === 403) {
      throw new ModelSourceError('unauthorized',
        `${repo.host} refused ${file} of "${repo.id}" (HTTP ${res.status}): the repository does not exist, or it is gated or ` +
        'private and needs a login. FineTune Studio downloads public models only; check the id, or download the ' +
        'folder yourself and load it from disk.');
    }
    if (!res.ok) throw new ModelSourceError('http', `${repo.host} answered HTTP ${res.status} for ${file} of "${repo.id}".`);
    return readWithProgress(res, {
      ...stream,
      onBytes: (fileLoaded, fileTotal) => {
        if (fileTotal !== undefined) totals.set(file, fileTotal);
        loadedByFile.set(file, fileLoaded);
        const loaded = sum(loadedByFile);
        onProgress?.({ file, fileLoaded, fileTotal, loaded, total: Math.max(sum(totals), loaded), fromCache: false });
      },
    });
  };
}

/** config.json, model.safetensors and tokenizer.json (each missing one explained), then the optional files. */
async function downloadFiles(repo: HubRepo, revision: string, get: (file: string) => Promise<ArrayBuffer | undefined>, stream: StreamOptions) {
  const found = new Map<string, ArrayBuffer>();
  const config = await get('config.json');
  if (!config) {
    throw new ModelSourceError('not-found',
      `No model "${repo.id}" at revision "${revision}" on ${repo.host}: config.json was not found (HTTP 404). ` +
      'Check the id (owner/name, as on the model page) and the revision.');
  }
  found.set('config.json', config);
  const weights = await get('model.safetensors');
  if (!weights) throw await explainMissingWeights(repo.id, async (file) => (await request(repo.url(file), stream, 'HEAD')).ok);
  found.set('model.safetensors', weights);
  const tokenizer = await get('tokenizer.json');
  if (!tokenizer) {
    throw new ModelSourceError('missing-file',
      `"${repo.id}" has no tokenizer.json (the fast-tokenizer file), so its text cannot be tokenized here. ` +
      'Pick a repository that has one, or save the tokenizer with tokenizer.save_pretrained() and load the folder from disk.');
  }
  found.set('tokenizer.json', tokenizer);
  for (const file of OPTIONAL_FILES) {
    const bytes = await get(file);
    if (bytes) found.set(file, bytes);
  }
  return found;
}

export async function fetchHubModel(id: string, options: HubFetchOptions = {}): Promise<HubLoadResult> {
  const host = normalizeHost(options.host ?? DEFAULT_HUB_HOST);
  const revision = options.revision ?? 'main';
  const trimmed = id.trim();
  if (!ID_PATTERN.test(trimmed)) {
    throw new ModelSourceError('bad-id', `"${id}" is not a Hub model id: expected owner/name, e.g. prajjwal1/bert-mini.`);
  }
  const source = { kind: 'hub' as const, id: trimmed, revision, host };
  const where = `the Hub repository ${trimmed} (revision ${revision}) on ${host}`;
  const repo: HubRepo = { host, id: trimmed, url: (file) => hubFileUrl(host, trimmed, revision, file) };

  const cached = options.cache ? await readCachedFolder(options.cache, repo.url) : undefined;
  if (cached) {
    const bytes = sumBytes(cached);
    options.onProgress?.({ file: 'model.safetensors', fileLoaded: bytes, fileTotal: bytes, loaded: bytes, total: bytes, fromCache: true });
    return { files: assembleModelFiles(source, cached, where), fromCache: true };
  }

  const stream: StreamOptions = { fetch: options.fetch ?? ((u, init) => globalThis.fetch(u, init)), signal: options.signal, host };
  const found = await downloadFiles(repo, revision, hubFileGetter(repo, stream, options.onProgress), stream);
  const files = assembleModelFiles(source, found, where);
  if (options.cache) await writeCachedFolder(options.cache, repo.url, found);
  return { files, fromCache: false };
}

async function explainMissingWeights(id: string, exists: (file: string) => Promise<boolean>): Promise<ModelSourceError> {
  if (await exists('model.safetensors.index.json')) {
    return new ModelSourceError('sharded',
      `"${id}" stores its weights in several model-0000x-of-0000y.safetensors shards; FineTune Studio reads ` +
      'a single model.safetensors (models up to a few hundred MB). Pick a smaller model.');
  }
  if (await exists('pytorch_model.bin')) {
    return new ModelSourceError('bin-only',
      `"${id}" has only pytorch_model.bin (a PyTorch pickle), no model.safetensors. A browser cannot read ` +
      'pickles safely. Look for a revision with model.safetensors (the Hub\'s conversion bot often opens one as ' +
      'refs/pr/1), or convert it in Python with model.save_pretrained(dir, safe_serialization=True) and load that folder.');
  }
  return new ModelSourceError('missing-file', `"${id}" has no model.safetensors (and no pytorch_model.bin either).`);
}

function sum(m: Map<string, number>): number {
  let s = 0;
  for (const v of m.values()) s += v;
  return s;
}
