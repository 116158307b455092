/**
 * The text → token ids step, wrapping @huggingface/transformers' tokenizer built from the model's own
 * tokenizer.json and tokenizer_config.json (no network). Special tokens and truncation are done here:
 * transformers.js cuts an over-long encoding after adding special tokens, which drops the final [SEP];
 * Hugging Face Python truncates the text and keeps them. We follow Python.
 */
import { PreTrainedTokenizer } from '@huggingface/transformers';
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

type Encoding = { input_ids: number[]; token_type_ids?: number[] };

function indexOfRun(haystack: number[], needle: number[], from = 0): number {
  for (let i = from; i + needle.length <= haystack.length; i++) {
    if (needle.every((v, j) => haystack[i + j] === v)) return i;
  }
  return -1;
}

function encodeWithSpecials(tok: PreTrainedTokenizer, text: string, pair?: string): Encoding {
  return tok(text, { text_pair: pair ?? null, return_tensor: false, return_token_type_ids: true }) as Encoding;
}

/** Encodes probe texts with and without special tokens and reads off what was added where. */
function learnTemplate(tok: PreTrainedTokenizer): Template {
  const a = tok.encode('a', { add_special_tokens: false });
  const b = tok.encode('b', { add_special_tokens: false });
  const one = encodeWithSpecials(tok, 'a');
  const two = encodeWithSpecials(tok, 'a', 'b');
  const ia = indexOfRun(one.input_ids, a);
  const pa = indexOfRun(two.input_ids, a);
  const pb = indexOfRun(two.input_ids, b, pa + a.length);
  if (ia < 0 || pa < 0 || pb < 0) throw new Error('tokenizer: cannot locate the text between its special tokens');
  const types = (e: Encoding) => e.token_type_ids ?? e.input_ids.map(() => 0);
  const t1 = types(one);
  const t2 = types(two);
  return {
    single: { prefix: one.input_ids.slice(0, ia), suffix: one.input_ids.slice(ia + a.length), typeA: t1[ia] },
    pair: {
      prefix: two.input_ids.slice(0, pa), middle: two.input_ids.slice(pa + a.length, pb),
      suffix: two.input_ids.slice(pb + b.length), typeA: t2[pa], typeB: t2[pb],
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
  const tok = new PreTrainedTokenizer(files.tokenizerJson, files.tokenizerConfig);
  const template = learnTemplate(tok);
  const vocabSize = tok.get_vocab().size;
  const special = (id: number | undefined, fallback: number[], what: string) => {
    const v = id ?? fallback[0];
    if (v === undefined) throw new Error(`tokenizer: no ${what} token in tokenizer.json / tokenizer_config.json`);
    return v;
  };
  const clsToken = (tok.config as { cls_token?: unknown } | undefined)?.cls_token;
  const clsId = special(typeof clsToken === 'string' ? tok.convert_tokens_to_ids(clsToken) : tok.bos_token_id, template.single.prefix, 'CLS');
  const sepId = special(tok.sep_token_id ?? tok.eos_token_id, template.single.suffix, 'SEP');
  const padId = tok.pad_token_id ?? 0;

  const encodeOne = (text: string, pair: string | undefined, maxLength: number): EncodedText => {
    const a = tok.encode(text, { add_special_tokens: false });
    if (pair === undefined) {
      const { prefix, suffix, typeA } = template.single;
      const keep = Math.max(0, maxLength - prefix.length - suffix.length);
      const body = a.length > keep ? a.slice(0, keep) : a;
      const ids = Int32Array.from([...prefix, ...body, ...suffix]);
      const typeIds = new Int32Array(ids.length).fill(typeA);
      return { ids, typeIds };
    }
    const b = tok.encode(pair, { add_special_tokens: false });
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
