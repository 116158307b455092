/**
 * The text → token ids step: Hugging Face's JavaScript tokenizer (@huggingface/tokenizers, the engine
 * under transformers.js's PreTrainedTokenizer, without transformers.js's 7 MB of models, onnxruntime and
 * image code) built from the model's own tokenizer.json and tokenizer_config.json (no network). Special
 * tokens and truncation are done here:
 * transformers.js cuts an over-long encoding after adding special tokens, which drops the final [SEP];
 * Hugging Face Python truncates the text and keeps them. We follow Python.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import type { ModelFiles } from './sources/types';

export interface EncodedText {
  ids: Int32Array;
  typeIds: Int32Array;
}

export interface TextTokenizer {
  readonly vocabSize: number;
  readonly padId: number;
  readonly clsId: number;
  readonly sepId: number;
  /** Each text (and its pair) → ids with special tokens, truncated to maxLength, not padded. */
  encodeBatch(texts: string[], pairs: string[] | undefined, maxLength: number): EncodedText[];
  /** The tokenizer files, for export next to the fine-tuned weights. */
  files(): { tokenizerJson: object; tokenizerConfig: object; extraFiles: Record<string, string> };
}

/** Where the special tokens go around one or two texts, learned from the tokenizer's own post-processor. */
interface Template {
  single: { prefix: number[]; suffix: number[]; typeA: number };
  pair: { prefix: number[]; middle: number[]; suffix: number[]; typeA: number; typeB: number };
  /** Token type ids of [prefix, middle, suffix] tokens in a pair. */
  pairSpecialTypes: { prefix: number[]; middle: number[]; suffix: number[] };
}

type Encoding = { ids: number[]; token_type_ids?: number[] };

function indexOfRun(haystack: number[], needle: number[], from = 0): number {
  for (let i = from; i + needle.length <= haystack.length; i++) {
    if (needle.every((v, j) => haystack[i + j] === v)) return i;
  }
  return -1;
}

function encodeWithSpecials(tok: Tokenizer, text: string, pair?: string): Encoding {
  return tok.encode(text, { text_pair: pair ?? null, return_token_type_ids: true });
}

/**
 * The id of the first of `keys` that tokenizer_config.json sets (a token string, or an AddedToken object
 * as some older configs write it), as transformers.js reads `cls_token`, `sep_token`, `pad_token`…
 */
function configTokenId(tok: Tokenizer, config: Record<string, unknown>, keys: string[]): number | undefined {
  for (const key of keys) {
    const item = config[key];
    const token = typeof item === 'string' ? item : (item as { content?: unknown } | null | undefined)?.content;
    if (typeof token === 'string' && token) return tok.token_to_id(token);
  }
  return undefined;
}

/** Token ids without special tokens. */
function encodeBare(tok: Tokenizer, text: string): number[] {
  return tok.encode(text, { add_special_tokens: false }).ids;
}

/** Encodes probe texts with and without special tokens and reads off what was added where. */
function learnTemplate(tok: Tokenizer): Template {
  const a = encodeBare(tok, 'a');
  const b = encodeBare(tok, 'b');
  const one = encodeWithSpecials(tok, 'a');
  const two = encodeWithSpecials(tok, 'a', 'b');
  const ia = indexOfRun(one.ids, a);
  const pa = indexOfRun(two.ids, a);
  const pb = indexOfRun(two.ids, b, pa + a.length);
  if (ia < 0 || pa < 0 || pb < 0) throw new Error('tokenizer: cannot locate the text between its special tokens');
  const types = (e: Encoding) => e.token_type_ids ?? e.ids.map(() => 0);
  const t1 = types(one);
  const t2 = types(two);
  return {
    single: { prefix: one.ids.slice(0, ia), suffix: one.ids.slice(ia + a.length), typeA: t1[ia] },
    pair: {
      prefix: two.ids.slice(0, pa), middle: two.ids.slice(pa + a.length, pb),
      suffix: two.ids.slice(pb + b.length), typeA: t2[pa], typeB: t2[pb],
    },
    pairSpecialTypes: {
      prefix: t2.slice(0, pa), middle: t2.slice(pa + a.length, pb), suffix: t2.slice(pb + b.length),
    },
  };
}

/**
 * Lengths after Hugging Face's 'longest_first' pair truncation: the shorter text keeps what it can, the
 * longer one gets the rest; when both are too long they split the budget (the longer gets the odd token).
 */
export function pairTruncation(lenA: number, lenB: number, budget: number): [number, number] {
  if (lenA + lenB <= budget) return [lenA, lenB];
  const swap = lenA > lenB;
  let short = swap ? lenB : lenA;
  let long = short > budget ? short : Math.max(short, budget - short);
  if (short + long > budget) {
    short = Math.floor(budget / 2);
    long = short + (budget % 2);
  }
  return swap ? [Math.min(long, lenA), Math.min(short, lenB)] : [Math.min(short, lenA), Math.min(long, lenB)];
}

export async function createTokenizer(files: Pick<ModelFiles, 'tokenizerJson' | 'tokenizerConfig' | 'extraFiles'>): Promise<TextTokenizer> {
  const config = files.tokenizerConfig as Record<string, unknown>;
  const tok = new Tokenizer(files.tokenizerJson, config);
  const template = learnTemplate(tok);
  const vocabSize = tok.get_vocab().size;
  const special = (id: number | undefined, fallback: number[], what: string) => {
    const v = id ?? fallback[0];
    if (v === undefined) throw new Error(`tokenizer: no ${what} token in tokenizer.json / tokenizer_config.json`);
    return v;
  };
  const idOf = (...keys: string[]) => configTokenId(tok, config, keys);
  const clsId = special(idOf('cls_token') ?? idOf('bos_token'), template.single.prefix, 'CLS');
  const sepId = special(idOf('sep_token') ?? idOf('eos_token'), template.single.suffix, 'SEP');
  const padId = idOf('pad_token', 'eos_token') ?? 0;

  const encodeOne = (text: string, pair: string | undefined, maxLength: number): EncodedText => {
    const a = encodeBare(tok, text);
    if (pair === undefined) {
      const { prefix, suffix, typeA } = template.single;
      const keep = Math.max(0, maxLength - prefix.length - suffix.length);
      const body = a.length > keep ? a.slice(0, keep) : a;
      const ids = Int32Array.from([...prefix, ...body, ...suffix]);
      const typeIds = new Int32Array(ids.length).fill(typeA);
      return { ids, typeIds };
    }
    const b = encodeBare(tok, pair);
    const { prefix, middle, suffix, typeA, typeB } = template.pair;
    const budget = Math.max(0, maxLength - prefix.length - middle.length - suffix.length);
    const [na, nb] = pairTruncation(a.length, b.length, budget);
    const ids = Int32Array.from([...prefix, ...a.slice(0, na), ...middle, ...b.slice(0, nb), ...suffix]);
    const st = template.pairSpecialTypes;
    const typeIds = Int32Array.from([
      ...st.prefix, ...new Array<number>(na).fill(typeA), ...st.middle, ...new Array<number>(nb).fill(typeB), ...st.suffix,
    ]);
    return { ids, typeIds };
  };

  return {
    vocabSize, padId, clsId, sepId,
    encodeBatch(texts, pairs, maxLength) {
      if (pairs && pairs.length !== texts.length) {
        throw new Error(`encodeBatch: ${texts.length} texts but ${pairs.length} pairs`);
      }
      return texts.map((t, i) => encodeOne(t, pairs?.[i], maxLength));
    },
    files: () => ({ tokenizerJson: files.tokenizerJson, tokenizerConfig: files.tokenizerConfig, extraFiles: { ...files.extraFiles } }),
  };
}
