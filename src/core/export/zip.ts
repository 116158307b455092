/** Zips an exported folder (path → bytes or text) with fflate; weights are stored, text is deflated. */
import { unzipSync, zipSync, strFromU8, strToU8, type Zippable } from 'fflate';

export type FolderFiles = Record<string, Uint8Array | string>;

/** Binary weights barely compress and deflating hundreds of MB is slow: store them, deflate the rest. */
const STORE = /\.(safetensors|onnx|bin)$/;

export function zipFolder(files: FolderFiles, rootName?: string): Uint8Array {
  const entries: Zippable = {};
  for (const [path, content] of Object.entries(files)) {
    const bytes = typeof content === 'string' ? strToU8(content) : content;
    entries[rootName ? `${rootName}/${path}` : path] = [bytes, { level: STORE.test(path) ? 0 : 6 }];
  }
  return zipSync(entries);
}

/** Unzips into path → bytes; `.json`, `.txt`, `.md` files come back as text. Strips one common root folder. */
export function unzipFolder(zip: Uint8Array): FolderFiles {
  const raw = unzipSync(zip);
  const paths = Object.keys(raw).filter((p) => !p.endsWith('/'));
  const first = paths[0]?.split('/')[0];
  const common = first && paths.every((p) => p.startsWith(`${first}/`)) ? `${first}/` : '';
  const out: FolderFiles = {};
  for (const p of paths) {
    const rel = p.slice(common.length);
    out[rel] = /\.(json|txt|md)$/.test(rel) ? strFromU8(raw[p]) : raw[p];
  }
  return out;
}
