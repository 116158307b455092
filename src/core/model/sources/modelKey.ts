/**
 * The studio store keeps the chosen model as one string (StudioState.modelKey) so the choice survives a
 * reload; the files themselves come back from the cache. This module writes and reads those strings and
 * turns one back into ModelFiles (used by the model stage and by the worker that trains).
 */
import { fetchBundledModel } from './bundled';
import { assembleModelFiles } from './assemble';
import { readCachedFolder, sumBytes, writeCachedFolder, modelFilesToFolder } from './cachedFolder';
import type { FetchLike } from './download';
import { ModelSourceError } from './errors';
import { fetchHubModel, normalizeHost, type HubLoadResult } from './hub';
import type { DownloadProgress, FileCache, ModelFiles, ModelSource } from './types';

/** 'bundled:offline-glove' · 'local:my-model' · 'hub:owner/name@main https://huggingface.co' */
export function modelKeyOf(source: ModelSource): string {
  switch (source.kind) {
    case 'bundled': return `bundled:${source.id}`;
    case 'local': return `local:${source.name}`;
    case 'hub': return `hub:${source.id}@${source.revision} ${normalizeHost(source.host)}`;
    default: {
      const never: never = source;
      throw new Error(`unknown model source ${JSON.stringify(never)}`);
    }
  }
}

export function parseModelKey(key: string): ModelSource {
  const colon = key.indexOf(':');
  const kind = key.slice(0, colon);
  const rest = key.slice(colon + 1);
  if (kind === 'bundled' && rest) return { kind, id: rest };
  if (kind === 'local' && rest) return { kind, name: rest };
  const hub = /^([^@\s]+)@(\S+) (\S+)$/.exec(rest);
  if (kind === 'hub' && hub) return { kind, id: hub[1], revision: hub[2], host: hub[3] };
  throw new ModelSourceError('bad-id', `"${key}" is not a model key (bundled:<id>, local:<name> or hub:<id>@<revision> <host>).`);
}

/** Cache keys of a local folder: the cache stands in for the folder, which a page cannot reopen by itself. */
function localKey(name: string): (file: string) => string {
  return (file) => `local-model/${encodeURIComponent(name)}/${file}`;
}

/** Keeps a local folder's files in the cache, so choosing it survives a reload. */
export async function rememberLocalModel(files: ModelFiles, cache: FileCache): Promise<void> {
  if (files.source.kind !== 'local') throw new Error('rememberLocalModel: not a local model');
  await writeCachedFolder(cache, localKey(files.source.name), modelFilesToFolder(files));
}

export interface ResolveOptions {
  cache?: FileCache;
  fetch?: FetchLike;
  /** Where the app (and public/models/) is served from. */
  baseUrl: string;
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
}

/** Loads the files a model key names: Hub (cache first), bundled (app server) or a remembered local folder. */
export async function resolveModelKey(key: string, options: ResolveOptions): Promise<HubLoadResult> {
  const source = parseModelKey(key);
  switch (source.kind) {
    case 'hub':
      return fetchHubModel(source.id, { ...options, host: source.host, revision: source.revision });
    case 'bundled':
      return { files: await fetchBundledModel(source.id, options), fromCache: false };
    case 'local': {
      const found = options.cache ? await readCachedFolder(options.cache, localKey(source.name)) : undefined;
      if (!found) {
        throw new ModelSourceError('missing-file',
          `The local folder "${source.name}" is not stored in this browser any more; pick or drop the folder again.`);
      }
      const bytes = sumBytes(found);
      options.onProgress?.({ file: 'model.safetensors', fileLoaded: bytes, fileTotal: bytes, loaded: bytes, total: bytes, fromCache: true });
      return { files: assembleModelFiles(source, found, `the folder "${source.name}"`), fromCache: true };
    }
    default: {
      const never: never = source;
      throw new Error(`unknown model source ${JSON.stringify(never)}`);
    }
  }
}
