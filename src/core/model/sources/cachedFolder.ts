/**
 * A model folder kept in a FileCache: its files under keyFor(file), plus a manifest written last that
 * lists them, so a half-written folder (tab closed mid-download) is never mistaken for a complete one.
 */
import { REQUIRED_FILES } from './assemble';
import type { FileCache, ModelFiles } from './types';

const MANIFEST = '.ftstudio-manifest.json';

export async function readCachedFolder(cache: FileCache, keyFor: (file: string) => string): Promise<Map<string, ArrayBuffer> | undefined> {
  const manifestBytes = await cache.get(keyFor(MANIFEST));
  if (!manifestBytes) return undefined;
  let names: unknown;
  try {
    names = (JSON.parse(new TextDecoder().decode(manifestBytes)) as { files?: unknown }).files;
  } catch {
    return undefined; // a damaged manifest means "not cached": fetch again
  }
  if (!Array.isArray(names)) return undefined;
  const found = new Map<string, ArrayBuffer>();
  for (const file of names) {
    if (typeof file !== 'string') return undefined;
    const bytes = await cache.get(keyFor(file));
    if (!bytes) return undefined;
    found.set(file, bytes);
  }
  for (const file of REQUIRED_FILES) if (!found.has(file)) return undefined;
  return found;
}

export async function writeCachedFolder(cache: FileCache, keyFor: (file: string) => string, found: Map<string, ArrayBuffer>): Promise<void> {
  for (const [file, bytes] of found) await cache.put(keyFor(file), bytes);
  const manifest = new TextEncoder().encode(JSON.stringify({ files: [...found.keys()] }));
  await cache.put(keyFor(MANIFEST), manifest.buffer);
}

/** The files of a ModelFiles as a folder would hold them (for caching a local folder, or exporting). */
export function modelFilesToFolder(files: ModelFiles): Map<string, ArrayBuffer> {
  const enc = (s: string) => new TextEncoder().encode(s).buffer;
  const out = new Map<string, ArrayBuffer>([
    ['config.json', enc(JSON.stringify(files.config, null, 2))],
    ['model.safetensors', files.weights],
    ['tokenizer.json', enc(JSON.stringify(files.tokenizerJson))],
    ['tokenizer_config.json', enc(JSON.stringify(files.tokenizerConfig, null, 2))],
  ]);
  for (const [name, text] of Object.entries(files.extraFiles)) out.set(name, enc(text));
  return out;
}

export function sumBytes(found: Map<string, ArrayBuffer>): number {
  let s = 0;
  for (const b of found.values()) s += b.byteLength;
  return s;
}
