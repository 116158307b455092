/**
 * Streaming download of one file with byte progress (fetch + ReadableStream reader), so a 400 MB
 * checkpoint shows a moving bar instead of a frozen page.
 */
import { ModelSourceError } from './errors';

export type FetchLike = (url: string, init?: { method?: string; signal?: AbortSignal }) => Promise<Response>;

export interface StreamOptions {
  fetch: FetchLike;
  signal?: AbortSignal;
  /** Called when headers arrive (total may be undefined) and after every chunk. */
  onBytes?: (loaded: number, total: number | undefined) => void;
  /** Names the server in messages, e.g. 'https://huggingface.co'. */
  host: string;
}

/** Performs a request, turning a network failure (the promise rejecting) into a clear message. */
export async function request(url: string, opts: StreamOptions, method = 'GET'): Promise<Response> {
  try {
    return await opts.fetch(url, { method, signal: opts.signal });
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    const why = e instanceof Error ? e.message : String(e);
    throw new ModelSourceError('network',
      `Could not reach ${opts.host} while asking for ${url} (${why}). ` +
      'Check the network or the host address; models loaded before are served from this browser\'s cache.');
  }
}

/** Reads a successful response's body in chunks, reporting bytes as they arrive. */
export async function readWithProgress(res: Response, opts: StreamOptions): Promise<ArrayBuffer> {
  const header = res.headers.get('Content-Length');
  const total = header !== null && /^\d+$/.test(header) ? Number(header) : undefined;
  opts.onBytes?.(0, total);
  if (!res.body) {
    const buf = await res.arrayBuffer();
    opts.onBytes?.(buf.byteLength, total ?? buf.byteLength);
    return buf;
  }
  const reader = res.body.getReader();
  // Preallocate when the size is known: one copy per chunk instead of a second full-size concat.
  let out = new Uint8Array(total ?? 1 << 16);
  let loaded = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (loaded + value.byteLength > out.byteLength) {
        // Content-Length was missing or wrong (e.g. a compressed transfer): grow geometrically.
        const grown = new Uint8Array(Math.max(out.byteLength * 2, loaded + value.byteLength));
        grown.set(out.subarray(0, loaded));
        out = grown;
      }
      out.set(value, loaded);
      loaded += value.byteLength;
      opts.onBytes?.(loaded, total);
    }
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    const why = e instanceof Error ? e.message : String(e);
    throw new ModelSourceError('network', `The download from ${opts.host} broke off after ${loaded} bytes (${why}).`);
  }
  return loaded === out.byteLength ? out.buffer : out.slice(0, loaded).buffer;
}
