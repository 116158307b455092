/**
 * Turns the raw files of one model folder (name → bytes) into ModelFiles, with messages that name the
 * file and the place it came from. Shared by the Hub, the local folder and the bundled model.
 */
import { ModelSourceError } from './errors';
import type { ModelFiles, ModelSource } from './types';

/** Files every model needs. */
export const REQUIRED_FILES = ['config.json', 'model.safetensors', 'tokenizer.json'] as const;
/** Files taken when present: the tokenizer's settings and what an exported folder should carry along. */
export const OPTIONAL_FILES = ['tokenizer_config.json', 'vocab.txt', 'special_tokens_map.json'] as const;
/** The small text files kept verbatim in ModelFiles.extraFiles. */
const EXTRA_FILES = ['vocab.txt', 'special_tokens_map.json'] as const;

const decoder = new TextDecoder('utf-8');

function parseJsonFile(name: string, bytes: ArrayBuffer, where: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(bytes));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new ModelSourceError('bad-file', `${name} from ${where} is not valid JSON (${why}).`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ModelSourceError('bad-file', `${name} from ${where} should hold a JSON object.`);
  }
  return value as Record<string, unknown>;
}

/**
 * Checks a safetensors file before it is parsed: an 8-byte little-endian header length, a JSON header, and
 * data as long as the header says — a file cut short (an interrupted download or copy) is named with its
 * size and the size it should have.
 */
export function checkSafetensors(bytes: ArrayBuffer, where: string): void {
  const bad = (why: string) => new ModelSourceError('bad-file', `model.safetensors from ${where} is not a safetensors file: ${why}.`);
  const size = bytes.byteLength.toLocaleString('en');
  if (bytes.byteLength < 10) throw bad(`only ${bytes.byteLength} bytes`);
  const headerLength = Number(new DataView(bytes).getBigUint64(0, true));
  if (headerLength < 2 || 8 + headerLength > bytes.byteLength) throw bad(`header length ${headerLength} does not fit in ${size} bytes (is the file cut short?)`);
  if (new Uint8Array(bytes, 8, 1)[0] !== 0x7b) throw bad('the header does not start with "{"');
  let header: Record<string, { data_offsets?: unknown }>;
  try {
    header = JSON.parse(decoder.decode(new Uint8Array(bytes, 8, headerLength))) as typeof header;
  } catch (e) {
    throw bad(`its header is not valid JSON (${(e as Error).message})`);
  }
  let end = 0;
  let last = '';
  for (const [name, entry] of Object.entries(header)) {
    const offsets = entry?.data_offsets;
    if (Array.isArray(offsets) && typeof offsets[1] === 'number' && offsets[1] > end) { end = offsets[1]; last = name; }
  }
  const needed = 8 + headerLength + end;
  if (needed > bytes.byteLength) {
    throw new ModelSourceError('bad-file', `model.safetensors from ${where} is truncated: it has ${size} bytes, but its header describes ` +
      `${needed.toLocaleString('en')} (tensor "${last}" ends at byte ${needed.toLocaleString('en')}). The file was cut short — ` +
      'download or copy it again.');
  }
}

/**
 * Builds ModelFiles from the files found. `where` names the place in messages ("the Hub repository
 * owner/name", "the folder my-model"). Missing required files are reported all at once.
 */
export function assembleModelFiles(source: ModelSource, found: Map<string, ArrayBuffer>, where: string): ModelFiles {
  const missing = REQUIRED_FILES.filter((f) => !found.has(f));
  if (missing.length > 0) {
    throw new ModelSourceError('missing-file', `${where.charAt(0).toUpperCase()}${where.slice(1)} has no ${missing.join(', ')}: a model needs ${REQUIRED_FILES.join(', ')}.`);
  }
  const weights = found.get('model.safetensors')!;
  checkSafetensors(weights, where);
  const config = parseJsonFile('config.json', found.get('config.json')!, where);
  if (typeof config.model_type !== 'string') {
    throw new ModelSourceError('bad-file', `config.json from ${where} has no "model_type", so the architecture is unknown.`);
  }
  const tokenizerJson = parseJsonFile('tokenizer.json', found.get('tokenizer.json')!, where);
  if (typeof tokenizerJson.model !== 'object') {
    throw new ModelSourceError('bad-file', `tokenizer.json from ${where} has no "model" section; is it a Hugging Face tokenizers file?`);
  }
  const tokenizerConfigBytes = found.get('tokenizer_config.json');
  const tokenizerConfig = tokenizerConfigBytes ? parseJsonFile('tokenizer_config.json', tokenizerConfigBytes, where) : {};
  const extraFiles: Record<string, string> = {};
  for (const name of EXTRA_FILES) {
    const bytes = found.get(name);
    if (bytes) extraFiles[name] = decoder.decode(bytes);
  }
  return { source, config, weights, tokenizerJson, tokenizerConfig, extraFiles };
}
