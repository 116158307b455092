/**
 * CSV/TSV parsing, push-based so the same code runs in the parse worker (File slices) and in Node tests
 * (a string or Uint8Array): binary and encoding detection on the first bytes, a streaming decoder, then
 * the text layer (csvText.ts: papaparse's low-level Parser, header detection, ragged rows, row numbers).
 *
 * Why not Papa.parse(file, {chunk}): its FileStreamer decodes every slice on its own, so a UTF-8 character
 * cut by a slice boundary turns into two U+FFFD. Here a streaming TextDecoder carries it over.
 */
import type { RawTable } from './types';
import { DataError } from './errors';
import {
  assertTextFile, createStreamDecoder, detectEncoding, detectUtf16, ENCODING_SAMPLE_BYTES, firstInvalidUtf8,
  type EncodingGuess, type StreamDecoder,
} from './encoding';
import { CsvTextParser, type ParseOptions, type ParseProgress } from './csvText';

export { CsvTextParser, MAX_ISSUES_PER_KIND, type ParseOptions, type ParseProgress } from './csvText';

/** Byte-level front end: binary sniffing and encoding detection on the first piece, then streaming decode. */
export class CsvByteParser {
  private text: CsvTextParser | null = null;
  private decoder: StreamDecoder | null = null;
  private guess: EncodingGuess | null = null;
  private bytesRead = 0;
  private sawNonAscii = false;
  /** The last ≤ 3 bytes of the previous piece (a UTF-8 sequence may be waiting in the decoder). */
  private tail = new Uint8Array(0);
  /** Offset of the first non-ASCII byte when the decoder switched to Windows-1252 mid-file. */
  private switchedAt: number | null = null;
  private readonly opts: ParseOptions;
  readonly totalBytes: number;

  constructor(opts: ParseOptions, totalBytes: number) {
    this.opts = opts;
    this.totalBytes = totalBytes;
  }

  get progress(): ParseProgress {
    return { bytesRead: this.bytesRead, totalBytes: this.totalBytes, rows: this.text?.rowCount ?? 0 };
  }

  /**
   * Feed the next bytes. The first call should carry at least ENCODING_SAMPLE_BYTES (or the whole file):
   * the encoding is decided on it.
   */
  push(bytes: Uint8Array): void {
    if (!this.text) this.start(bytes);
    this.bytesRead += bytes.length;
    let text = (this.decoder as StreamDecoder).decode(bytes);
    const g = this.guess as EncodingGuess;
    // U+FFFD in the text is either the decoder's replacement of invalid bytes or a literal U+FFFD (valid
    // UTF-8 EF BF BD, e.g. in a scraped page): only the bytes tell which.
    const held = this.tail.subarray(this.tail.length - heldUtf8Bytes(this.tail));
    const replaced = text.includes('\uFFFD') && (g.decoderLabel !== 'utf-8' || firstInvalidUtf8(concat(held, bytes), false) >= 0);
    if (g.encoding === 'utf-8' && !g.invalidUtf8 && !this.sawNonAscii) {
      // Everything so far was ASCII, which reads the same in UTF-8 and Windows-1252. If the first non-ASCII
      // byte is not UTF-8, the file is Windows-1252 whose first accent came after the sample: switch here.
      const nonAscii = text.search(/[\u0080-\uffff]/);
      if (nonAscii >= 0 && replaced && firstNonAsciiIsInvalid(concat(held, bytes))) text = this.switchToWindows1252(bytes);
      else if (nonAscii >= 0) this.sawNonAscii = true;
    }
    if (replaced && this.guess?.encoding !== 'windows-1252') (this.text as CsvTextParser).markInvalidBytes();
    this.tail = bytes.slice(Math.max(0, bytes.length - 3));
    (this.text as CsvTextParser).push(text);
  }

  /** Re-decode this piece (and bytes the UTF-8 decoder still held from the last one) as Windows-1252. */
  private switchToWindows1252(bytes: Uint8Array): string {
    const held = heldUtf8Bytes(this.tail);
    const again = new Uint8Array(held + bytes.length);
    again.set(this.tail.subarray(this.tail.length - held));
    again.set(bytes, held);
    this.switchedAt = this.bytesRead - bytes.length - held + Math.max(0, again.findIndex((b) => b >= 0x80));
    this.guess = { encoding: 'windows-1252', decoderLabel: 'windows-1252', bomLength: 0 };
    this.decoder = createStreamDecoder(this.guess);
    (this.text as CsvTextParser).setEncoding('windows-1252');
    this.sawNonAscii = true;
    return this.decoder.decode(again);
  }

  finish(): RawTable {
    if (!this.text) throw new DataError('empty', `${this.opts.fileName} is empty (0 bytes).`);
    // A UTF-8 sequence cut by the end of the file becomes U+FFFD.
    if (this.guess?.decoderLabel === 'utf-8' && heldUtf8Bytes(this.tail) > 0) this.text.markInvalidBytes();
    this.text.push((this.decoder as StreamDecoder).end());
    const table = this.text.finish();
    const g = this.guess as EncodingGuess;
    if (g.encoding === 'windows-1252') {
      table.issues.unshift({
        kind: 'encoding',
        message: `${this.opts.fileName} is not UTF-8; it was read as Windows-1252 (Western European, e.g. from Excel)${this.switchedAt !== null ? ` from byte ${this.switchedAt} on (all bytes before it are plain ASCII)` : ''}. Check that accented letters and symbols look right.`,
      });
    } else if (g.invalidUtf8) {
      table.issues.unshift({
        kind: 'encoding',
        message: `${this.opts.fileName} is UTF-8 with invalid bytes (first: 0x${g.invalidUtf8.byte.toString(16).toUpperCase()} at byte ${g.invalidUtf8.byteOffset}); they were replaced with � (the rows are listed below).`,
      });
    } else if (this.text.issueCount('encoding') > 0) {
      // The encoding is decided on the first MiB; a Windows-1252 file whose first accent comes later lands here.
      const first = table.issues.find((i) => i.kind === 'encoding')?.row;
      table.issues.unshift({
        kind: 'encoding',
        message: `${this.opts.fileName} was read as UTF-8, but from row ${first} on it has bytes that are not valid UTF-8 (replaced with �). If it was saved as Windows-1252 or Latin-1 (e.g. by Excel), save it as UTF-8 and load it again.`,
      });
    }
    return table;
  }

  private start(first: Uint8Array): void {
    const sample = first.subarray(0, ENCODING_SAMPLE_BYTES);
    // UTF-16 text is full of NUL bytes: recognise it before the binary check.
    const utf16 = detectUtf16(sample);
    if (!utf16) assertTextFile(sample, this.opts.fileName);
    this.guess = utf16 ?? detectEncoding(sample, first.length >= this.totalBytes);
    this.decoder = createStreamDecoder(this.guess);
    this.text = new CsvTextParser(this.opts, this.guess.encoding);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Whether the first byte ≥ 0x80 of `bytes` starts an invalid UTF-8 sequence (a sequence cut at the end counts as valid). */
function firstNonAsciiIsInvalid(bytes: Uint8Array): boolean {
  const i = bytes.findIndex((b) => b >= 0x80);
  return i >= 0 && firstInvalidUtf8(bytes.subarray(i, i + 4), false) === 0;
}

/** How many bytes at the end of `tail` start a UTF-8 sequence that is not complete yet. */
function heldUtf8Bytes(tail: Uint8Array): number {
  for (let k = 1; k <= tail.length; k++) {
    const b = tail[tail.length - k];
    if ((b & 0xc0) === 0x80) continue;
    if (b < 0xc0) return 0;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return need > k ? k : 0;
  }
  return 0;
}

/** Parse a whole file's bytes (Node, tests), in pieces of `chunkBytes` to exercise the streaming path. */
export function parseCsvBytes(bytes: Uint8Array, opts: ParseOptions, chunkBytes = ENCODING_SAMPLE_BYTES): RawTable {
  const p = new CsvByteParser(opts, bytes.length);
  const first = Math.max(chunkBytes, Math.min(bytes.length, ENCODING_SAMPLE_BYTES));
  if (bytes.length > 0) p.push(bytes.subarray(0, first));
  for (let o = first; o < bytes.length; o += chunkBytes) p.push(bytes.subarray(o, Math.min(bytes.length, o + chunkBytes)));
  return p.finish();
}

/** Parse text already decoded (e.g. pasted), in pieces of `chunkChars`. */
export function parseCsvText(text: string, opts: ParseOptions, chunkChars = 1 << 20): RawTable {
  const p = new CsvTextParser(opts, 'utf-8');
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let o = 0; o < t.length; o += chunkChars) p.push(t.slice(o, o + chunkChars));
  return p.finish();
}
