/**
 * The bundled models in Node: the same fetchBundledModel as the studio, with the app server replaced by
 * the repository's public/ folder (which ships with the package).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetchBundledModel } from '../core/model/sources/bundled';
import type { ModelFiles } from '../core/model/sources/types';

const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../public');

/** Answers app-server URLs from public/: the file, or 404 when there is none. */
async function publicFetch(url: string): Promise<Response> {
  const file = path.join(PUBLIC_DIR, decodeURIComponent(new URL(url).pathname));
  if (!file.startsWith(PUBLIC_DIR)) return new Response(null, { status: 404 });
  const bytes = await fs.readFile(file).catch(() => null);
  if (!bytes) return new Response(null, { status: 404 });
  return new Response(bytes, { headers: { 'Content-Length': String(bytes.byteLength) } });
}

export function readBundledModel(id: string): Promise<ModelFiles> {
  return fetchBundledModel(id, { baseUrl: 'http://bundled.invalid/', fetch: publicFetch });
}
