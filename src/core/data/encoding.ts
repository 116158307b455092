/**
 * Text-encoding and binary-file detection from the first bytes of a file. The parser decodes with the
 * encoding chosen here, so a Windows-1252 file shows '£' and 'é', not mojibake, and a binary file is
 * refused with a message instead of filling the table with garbage.
 */
import { DataError } from './errors';

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export interface EncodingGuess {
  /** Name recorded in RawTable.encoding. */
  encoding: TextEncodingName;
  /** The WHATWG label to hand to TextDecoder / FileReader.readAsText. */
  decoderLabel: 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';
  /** Bytes to skip at the start (3 for a UTF-8 byte-order mark, 2 for UTF-16's). */
  bomLength: number;
  /**
   * Set when the sample is mostly UTF-8 but has invalid byte sequences: the file is read as UTF-8 and
   * the bad bytes become U+FFFD, reported per row by the parser.
   */
  invalidUtf8?: { byteOffset: number; byte: number };
}

/** How many bytes of the file's start the worker reads to decide the encoding. */
export const ENCODING_SAMPLE_BYTES = 1 << 20;

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Offset of the first byte that breaks UTF-8 (ignoring a sequence cut by the end of the sample), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array, sampleIsWholeFile: boolean): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) { i++; continue; }
    let len: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) { len = 2; min = 0x80; }
    else if (b >= 0xe0 && b <= 0xef) { len = 3; min = 0x800; }
    else if (b >= 0xf0 && b <= 0xf4) { len = 4; min = 0x10000; }
    else return i;
    if (i + len > n) return sampleIsWholeFile ? i : -1;
    let cp = b & (0xff >> (len + 1));
    for (let k = 1; k < len; k++) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += len;
  }
  return -1;
}

/** Whether the sample holds at least one well-formed multi-byte UTF-8 sequence (a sign the file is UTF-8). */
function hasMultiByteUtf8(bytes: Uint8Array): boolean {
  for (let i = 0; i + 1 < bytes.length; i++) {
    const b = bytes[i];
    if (b >= 0xc2 && b <= 0xdf && (bytes[i + 1] & 0xc0) === 0x80) return true;
    if (b >= 0xe0 && b <= 0xef && i + 2 < bytes.length
      && (bytes[i + 1] & 0xc0) === 0x80 && (bytes[i + 2] & 0xc0) === 0x80) return true;
  }
  return false;
}

/**
 * Decide the encoding from a sample of the file's first bytes.
 * - UTF-8 BOM → 'utf-8-bom'.
 * - Valid UTF-8 (pure ASCII included) → 'utf-8'.
 * - Invalid UTF-8 with no well-formed multi-byte sequence → 'windows-1252' (a superset of Latin-1 that
 *   every browser decodes; what Excel on Windows writes).
 * - Invalid bytes in an otherwise UTF-8 file → 'utf-8' with `invalidUtf8` set (a damaged UTF-8 file is
 *   better read as UTF-8 with a few U+FFFD than as Windows-1252 with every accent wrong).
 */
export function detectEncoding(sample: Uint8Array, sampleIsWholeFile = true): EncodingGuess {
  const utf16 = detectUtf16(sample);
  if (utf16) return utf16;
  if (sample.length >= 3 && UTF8_BOM.every((b, i) => sample[i] === b)) {
    const bad = firstInvalidUtf8(sample.subarray(3), sampleIsWholeFile);
    return {
      encoding: 'utf-8-bom', decoderLabel: 'utf-8', bomLength: 3,
      ...(bad >= 0 ? { invalidUtf8: { byteOffset: bad + 3, byte: sample[bad + 3] } } : {}),
    };
  }
  const bad = firstInvalidUtf8(sample, sampleIsWholeFile);
  if (bad < 0) return { encoding: 'utf-8', decoderLabel: 'utf-8', bomLength: 0 };
  if (!hasMultiByteUtf8(sample)) return { encoding: 'windows-1252', decoderLabel: 'windows-1252', bomLength: 0 };
  return { encoding: 'utf-8', decoderLabel: 'utf-8', bomLength: 0, invalidUtf8: { byteOffset: bad, byte: sample[bad] } };
}

/**
 * UTF-16 (Excel's "Unicode Text" export): by byte-order mark, or — without one — by the zero high bytes of
 * mostly-ASCII text at every other position. Checked first: its NUL bytes would otherwise say "binary".
 */
export function detectUtf16(sample: Uint8Array): EncodingGuess | null {
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', decoderLabel: 'utf-16le', bomLength: 2 };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', decoderLabel: 'utf-16be', bomLength: 2 };
  const pairs = Math.floor(Math.min(sample.length, 4096) / 2);
  if (pairs < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < pairs; i++) {
    if (sample[2 * i] === 0) evenZero++;
    if (sample[2 * i + 1] === 0) oddZero++;
  }
  if (oddZero > 0.4 * pairs && evenZero < 0.05 * pairs) return { encoding: 'utf-16le', decoderLabel: 'utf-16le', bomLength: 0 };
  if (evenZero > 0.4 * pairs && oddZero < 0.05 * pairs) return { encoding: 'utf-16be', decoderLabel: 'utf-16be', bomLength: 0 };
  return null;
}

export interface BinaryVerdict {
  binary: boolean;
  /** Why, for the message: e.g. 'it contains NUL bytes (first at byte 12)'. */
  reason?: string;
}

/** Control characters other than tab, LF, CR, form feed: more than this share of the sample means binary. */
const MAX_CONTROL_RATIO = 0.05;

/** A text file has no NUL bytes and few control characters; images, zips, xlsx, sqlite files have many. */
export function sniffBinary(sample: Uint8Array): BinaryVerdict {
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i];
    if (b === 0) return { binary: true, reason: `it contains NUL bytes (first at byte ${i})` };
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) || b === 0x7f) control++;
  }
  if (sample.length > 0 && control / sample.length > MAX_CONTROL_RATIO) {
    const pct = ((100 * control) / sample.length).toFixed(1);
    return { binary: true, reason: `${pct} % of its first ${sample.length} bytes are control characters` };
  }
  return { binary: false };
}

/** Throws a DataError naming the file when the sample looks binary (e.g. an .xlsx renamed .csv). */
export function assertTextFile(sample: Uint8Array, fileName: string): void {
  const v = sniffBinary(sample);
  if (v.binary) {
    const xlsx = sample[0] === 0x50 && sample[1] === 0x4b ? ' It looks like a zip or Excel (.xlsx) file: save it as CSV first.' : '';
    throw new DataError('binary', `${fileName} is not a text file: ${v.reason}.${xlsx} Choose a CSV or TSV file.`);
  }
}

/**
 * Windows-1252's 0x80–0x9F (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ). Browsers decode them
 * right; Node's TextDecoder('windows-1252') returns the C1 controls U+0080–U+009F (Latin-1) instead, so
 * the CLI and tests would show mojibake. Mapping C1 controls afterwards is a no-op in browsers.
 */
const CP1252_HIGH = '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F'
  + '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

function fixCp1252(text: string): string {
  return /[\u0080-\u009F]/.test(text) ? text.replace(/[\u0080-\u009F]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]) : text;
}

export interface StreamDecoder {
  /** Decode the next bytes; a character cut at the end is kept for the next call. */
  decode(bytes: Uint8Array): string;
  /** What is left at the end of the file. */
  end(): string;
}

/** A streaming decoder for the guessed encoding (the BOM is not part of the text). */
export function createStreamDecoder(guess: EncodingGuess): StreamDecoder {
  const d = new TextDecoder(guess.decoderLabel, { ignoreBOM: true });
  const post = guess.decoderLabel === 'windows-1252' ? fixCp1252 : (t: string) => t;
  let skip = guess.bomLength;
  return {
    decode(bytes) {
      const start = Math.min(skip, bytes.length);
      skip -= start;
      return post(d.decode(bytes.subarray(start), { stream: true }));
    },
    end: () => post(d.decode()),
  };
}

/** Decode a whole byte buffer with the guessed encoding (BOM removed). */
export function decodeBytes(bytes: Uint8Array, guess: EncodingGuess): string {
  const d = createStreamDecoder(guess);
  return d.decode(bytes) + d.end();
}
