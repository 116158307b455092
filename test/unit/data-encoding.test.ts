import { describe, expect, it } from 'vitest';
import { decodeBytes, detectEncoding, firstInvalidUtf8, sniffBinary, assertTextFile } from '../../src/core/data/encoding';
import { fixtureBytes } from './data-fixtures';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('detectEncoding', () => {
  it('reads plain ASCII and UTF-8 as utf-8', () => {
    expect(detectEncoding(utf8('text,label\nhello,ham\n'))).toEqual({ encoding: 'utf-8', decoderLabel: 'utf-8', bomLength: 0 });
    expect(detectEncoding(utf8('£5 café naïve 日本 😀')).encoding).toBe('utf-8');
  });

  it('recognises a UTF-8 byte-order mark and strips it when decoding', () => {
    const bytes = fixtureBytes('utf8-bom.csv');
    const g = detectEncoding(bytes);
    expect(g).toMatchObject({ encoding: 'utf-8-bom', bomLength: 3 });
    const text = decodeBytes(bytes, g);
    expect(text.startsWith('text,label')).toBe(true);
    expect(text).toContain('£5 prize');
  });

  it('reads Windows-1252 bytes 0xA3 and 0xE9 as £ and é', () => {
    const bytes = new Uint8Array([0x43, 0x6f, 0x73, 0x74, 0x20, 0xa3, 0x35, 0x20, 0x63, 0x61, 0x66, 0xe9, 0x80]);
    const g = detectEncoding(bytes);
    expect(g.encoding).toBe('windows-1252');
    expect(decodeBytes(bytes, g)).toBe('Cost £5 café€');
  });

  it('keeps a damaged UTF-8 file as UTF-8 and says where the first bad byte is', () => {
    const bytes = fixtureBytes('invalid-utf8.csv');
    const g = detectEncoding(bytes);
    expect(g.encoding).toBe('utf-8');
    expect(g.invalidUtf8).toEqual({ byteOffset: bytes.indexOf(0xff), byte: 0xff });
  });

  it('does not call a multi-byte character cut by the end of the sample invalid', () => {
    const bytes = utf8('abc é');
    const cut = bytes.subarray(0, bytes.length - 1); // first byte of é only
    expect(firstInvalidUtf8(cut, false)).toBe(-1);
    expect(firstInvalidUtf8(cut, true)).toBe(4);
  });

  it('rejects overlong encodings and surrogates', () => {
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xc0, 0xaf]), true)).toBe(1);
    expect(firstInvalidUtf8(new Uint8Array([0xed, 0xa0, 0x80]), true)).toBe(0);
    expect(firstInvalidUtf8(new Uint8Array([0xe0, 0x80, 0x80]), true)).toBe(0);
  });
});

describe('sniffBinary', () => {
  it('flags NUL bytes with their offset', () => {
    expect(sniffBinary(fixtureBytes('binary.bin'))).toEqual({ binary: true, reason: 'it contains NUL bytes (first at byte 8)' });
  });

  it('flags a high share of control characters', () => {
    const bytes = new Uint8Array(100).fill(0x61);
    for (let i = 0; i < 10; i++) bytes[i * 10] = 0x01;
    const v = sniffBinary(bytes);
    expect(v.binary).toBe(true);
    expect(v.reason).toContain('10.0 %');
  });

  it('accepts text with tabs, CR LF and a few stray controls', () => {
    const bytes = utf8('a\tb\r\nc\td\r\n'.repeat(50) + '\u0001');
    expect(sniffBinary(bytes).binary).toBe(false);
  });

  it('names the file and hints at xlsx for zip bytes', () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]);
    expect(() => assertTextFile(zip, 'book.csv')).toThrow(/book\.csv is not a text file: it contains NUL bytes.*Excel/);
  });
});
