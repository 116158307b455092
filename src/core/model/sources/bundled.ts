/**
 * Models shipped with the app itself (public/models/<id>/), served by the same server as the page, so
 * they load with no Hub and no internet.
 */
import { assembleModelFiles, OPTIONAL_FILES, REQUIRED_FILES } from './assemble';
import { readWithProgress, request, type FetchLike } from './download';
import { ModelSourceError } from './errors';
import type { DownloadProgress, ModelFiles } from './types';
import { BUNDLED_CNN_DESCRIPTION, BUNDLED_POOL_DESCRIPTION, type BundledDescription } from './bundledDescriptions';

export interface BundledModelInfo {
  id: string;
  title: string;
  /** An honest description shown in the model stage: what it is, what it is good at, measured comparisons. */
  description: BundledDescription;
  /**
   * Another bundled folder whose files (weights, tokenizer) this model uses; its own folder then holds only
   * config.json (and a README). The CNN reuses the bag-of-vectors model's 6 MB of GloVe vectors this way.
   */
  filesFrom?: string;
}

export const BUNDLED_MODELS: readonly BundledModelInfo[] = [
  {
    id: 'offline-glove-cnn',
    title: 'Offline convolutional model (GloVe 100d + CNN, bundled)',
    description: BUNDLED_CNN_DESCRIPTION,
    filesFrom: 'offline-glove',
  },
  {
    id: 'offline-glove',
    title: 'Offline word-vector model (GloVe 100d bag of vectors, bundled)',
    description: BUNDLED_POOL_DESCRIPTION,
  },
];

/** The first visit's model (and the CLI's when --model is not given). */
export const DEFAULT_BUNDLED_ID = 'offline-glove-cnn';

export interface BundledFetchOptions {
  /** Where the app is served from, ending in '/', e.g. import.meta.env.BASE_URL resolved against the page. */
  baseUrl: string;
  fetch?: FetchLike;
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
}

export async function fetchBundledModel(id: string, options: BundledFetchOptions): Promise<ModelFiles> {
  if (!BUNDLED_MODELS.some((m) => m.id === id)) {
    throw new ModelSourceError('not-found', `There is no bundled model "${id}"; bundled: ${BUNDLED_MODELS.map((m) => m.id).join(', ')}.`);
  }
  const fetchFn = options.fetch ?? ((u, init) => globalThis.fetch(u, init));
  const base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  const filesFrom = BUNDLED_MODELS.find((m) => m.id === id)?.filesFrom ?? id;
  const found = new Map<string, ArrayBuffer>();
  let done = 0;
  for (const file of [...REQUIRED_FILES, ...OPTIONAL_FILES]) {
    const url = `${base}models/${file === 'config.json' ? id : filesFrom}/${file}`;
    const stream = { fetch: fetchFn, signal: options.signal, host: base };
    const res = await request(url, stream);
    // A single-page-app server answers unknown paths with index.html: treat HTML as "absent".
    if (res.status === 404 || (res.headers.get('Content-Type') ?? '').startsWith('text/html')) continue;
    if (!res.ok) throw new ModelSourceError('http', `The app server answered HTTP ${res.status} for ${url}.`);
    const bytes = await readWithProgress(res, {
      ...stream,
      onBytes: (fileLoaded, fileTotal) => options.onProgress?.({
        file, fileLoaded, fileTotal, loaded: done + fileLoaded, total: done + (fileTotal ?? fileLoaded), fromCache: false,
      }),
    });
    done += bytes.byteLength;
    found.set(file, bytes);
  }
  return assembleModelFiles({ kind: 'bundled', id }, found, `the bundled model "${id}"`);
}
