/**
 * A model folder the user picked (<input webkitdirectory>) or dropped. Works on File-like objects so
 * the core stays DOM-free and tests can pass plain objects.
 */
import { assembleModelFiles, OPTIONAL_FILES, REQUIRED_FILES } from './assemble';
import { ModelSourceError } from './errors';
import type { ModelFiles } from './types';

export interface LocalFileLike {
  /** The file's path inside the dropped folder, e.g. 'my-model/config.json' (webkitRelativePath), or just its name. */
  path: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

const WANTED = new Set<string>([...REQUIRED_FILES, ...OPTIONAL_FILES]);

function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}
function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/**
 * Finds the model inside the given files: the folder holding config.json (the shallowest one, when a
 * dropped folder has several), and reads the files it needs from that same folder.
 */
export async function assembleLocalModel(files: LocalFileLike[], fallbackName = 'local model'): Promise<ModelFiles> {
  const normalized = files.map((f) => ({ file: f, path: f.path.replace(/\\/g, '/').replace(/^\/+/, '') }));
  if (normalized.length === 0) throw new ModelSourceError('missing-file', 'The folder is empty: no files were given.');
  const configs = normalized.filter((f) => basename(f.path) === 'config.json')
    .sort((a, b) => a.path.split('/').length - b.path.split('/').length);
  const dir = configs.length > 0 ? dirname(configs[0].path) : dirname(normalized[0].path);
  const name = dir ? basename(dir) : (dirname(normalized[0].path) || fallbackName);
  const found = new Map<string, ArrayBuffer>();
  const inDir = normalized.filter((f) => dirname(f.path) === dir && WANTED.has(basename(f.path)));
  for (const f of inDir) found.set(basename(f.path), await f.file.arrayBuffer());

  const where = `the folder "${dir || name}"`;
  if (!found.has('model.safetensors')) {
    const names = new Set(normalized.filter((f) => dirname(f.path) === dir).map((f) => basename(f.path)));
    const why = missingWeightsError(names, `The folder "${dir || name}"`);
    if (why) throw why;
  }
  return assembleModelFiles({ kind: 'local', name }, found, where);
}

/**
 * Why a folder without model.safetensors has no usable weights, when its other files say (PyTorch pickles
 * only, or sharded safetensors), with what to do; null otherwise. `Where` starts the sentence.
 */
export function missingWeightsError(names: ReadonlySet<string>, Where: string): ModelSourceError | null {
  if (names.has('pytorch_model.bin')) {
    return new ModelSourceError('bin-only',
      `${Where} has pytorch_model.bin but no model.safetensors. A browser cannot read PyTorch pickles safely: ` +
      'convert it in Python with model.save_pretrained(dir, safe_serialization=True).');
  }
  if ([...names].some((n) => /^model-\d+-of-\d+\.safetensors$/.test(n))) {
    return new ModelSourceError('sharded', `${Where} holds sharded weights (model-0000x-of-0000y.safetensors); one model.safetensors is needed.`);
  }
  return null;
}
