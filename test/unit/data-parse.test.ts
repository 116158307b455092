import { describe, expect, it } from 'vitest';
import { CsvByteParser, MAX_ISSUES_PER_KIND, parseCsvBytes, parseCsvText } from '../../src/core/data/parse';
import { DataError } from '../../src/core/data/errors';
import { writeCsv } from '../../src/core/data/csv';
import { createRng } from '../../src/core/rng';
import { parseFixture, parseSms } from './data-fixtures';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('parse: well-formed files', () => {
  it('reads sms_spam.csv: 5,574 rows, text and label, UTF-8 with £', () => {
    const t = parseSms();
    expect(t.columns).toEqual(['text', 'label']);
    expect(t.rows.length).toBe(5574);
    expect(t.encoding).toBe('utf-8');
    expect(t.delimiter).toBe(',');
    expect(t.rows[0][1]).toBe('ham');
    expect(t.rows.filter((r) => r[1] === 'spam').length).toBe(747);
    expect(t.rows.some((r) => r[0].includes('£'))).toBe(true);
    expect(t.raggedRows).toEqual([]);
  });

  it('gives the same table whatever the chunk size (rows and characters cut across chunks)', () => {
    const bytes = utf8('text,label\n"multi\nline, quoted ""x""",pos\nnaïve café £5,neg\n日本語のテキスト,pos\n');
    const whole = parseCsvBytes(bytes, { fileName: 'a.csv' });
    expect(whole.rows).toEqual([['multi\nline, quoted "x"', 'pos'], ['naïve café £5', 'neg'], ['日本語のテキスト', 'pos']]);
    for (const chunk of [1, 2, 3, 5, 7, 16]) {
      const p = new CsvByteParser({ fileName: 'a.csv' }, bytes.length);
      for (let o = 0; o < bytes.length; o += chunk) p.push(bytes.subarray(o, o + chunk));
      const t = p.finish();
      expect(t.rows, `chunk ${chunk}`).toEqual(whole.rows);
      expect(t.issues, `chunk ${chunk}`).toEqual([]);
    }
  });

  it('detects semicolon and tab delimiters, and quotes that hide the delimiter', () => {
    const semi = parseFixture('semicolon.csv');
    expect(semi.delimiter).toBe(';');
    expect(semi.columns).toEqual(['review', 'sentiment']);
    expect(semi.rows).toEqual([['Great film, loved it', 'positive'], ['Boring; too long', 'negative'], ['Fine; I guess', 'neutral']]);
    const tsv = parseFixture('tabs.tsv');
    expect(tsv.delimiter).toBe('\t');
    expect(tsv.columns).toEqual(['sentence', 'label', 'split']);
    expect(tsv.rows.length).toBe(4);
  });

  it('detects a missing header and names the columns', () => {
    const t = parseFixture('no-header.csv');
    expect(t.columns).toEqual(['column_1', 'column_2']);
    expect(t.rows[0]).toEqual(['I loved this movie', 'pos']);
    expect(t.rows.length).toBe(4);
    expect(t.issues[0].message).toMatch(/does not look like a header/);
    expect(parseCsvText('I loved this movie,pos\nTerrible,neg\n', { fileName: 'x', header: true }).columns)
      .toEqual(['I loved this movie', 'pos']);
  });

  it('reads Windows-1252 and UTF-8 BOM files without mojibake', () => {
    const latin = parseFixture('latin1.csv');
    expect(latin.encoding).toBe('windows-1252');
    expect(latin.rows.map((r) => r[0])).toEqual(['Costs £5 today', 'Café is open', 'Naïve question']);
    expect(latin.issues[0]).toMatchObject({ kind: 'encoding' });
    expect(latin.issues[0].message).toMatch(/Windows-1252/);
    const bom = parseFixture('utf8-bom.csv');
    expect(bom.encoding).toBe('utf-8-bom');
    expect(bom.columns).toEqual(['text', 'label']);
    expect(bom.rows[0]).toEqual(['£5 prize', 'spam']);
  });

  it('renames empty and duplicate header names and says so', () => {
    const t = parseCsvText('text,,text\na,b,c\n', { fileName: 'h.csv' });
    expect(t.columns).toEqual(['text', 'column_2', 'text_2']);
    expect(t.issues.map((i) => i.message)).toEqual([
      'Header cell 2 is empty; the column was named column_2.',
      'The header names column "text" twice; column 3 was renamed text_2.',
    ]);
  });
});

describe('parse: bad input gets a clear message with the row', () => {
  it('empty and whitespace-only files throw a DataError naming the file', () => {
    expect(() => parseFixture('empty.csv')).toThrow(new DataError('empty', 'empty.csv is empty (0 bytes).'));
    expect(() => parseFixture('whitespace-only.csv')).toThrow(/whitespace-only\.csv is empty/);
  });

  it('a binary file throws before anything is parsed', () => {
    expect(() => parseFixture('binary.bin')).toThrow(/binary\.bin is not a text file: it contains NUL bytes \(first at byte 8\)/);
  });

  it('header only: the columns and an "empty" issue', () => {
    const t = parseFixture('header-only.csv');
    expect(t.columns).toEqual(['text', 'label']);
    expect(t.rows).toEqual([]);
    expect(t.issues).toEqual([{ kind: 'empty', message: 'header-only.csv has a header (text, label) but no data rows.' }]);
  });

  it('one column: kept, with a delimiter issue', () => {
    const t = parseFixture('one-column.csv');
    expect(t.columns).toEqual(['text']);
    expect(t.rows.length).toBe(3);
    expect(t.issues).toHaveLength(1);
    expect(t.issues[0].kind).toBe('delimiter');
    expect(t.issues[0].message).toMatch(/Only one column \("text"\)/);
  });

  it('unclosed quote: papaparse\'s error reaches the issue list with the data row', () => {
    const t = parseFixture('unclosed-quote.csv');
    expect(t.rows.length).toBe(2);
    const q = t.issues.filter((i) => i.kind === 'quotes');
    expect(q).toHaveLength(1);
    expect(q[0].row).toBe(2);
    expect(q[0].message).toMatch(/^Row 2: a quoted field opens with " but is never closed/);
  });

  it('malformed quote inside a field: row number from papaparse, counted across chunks', () => {
    const lines = ['text,label'];
    for (let i = 1; i <= 300; i++) lines.push(i === 250 ? '"say "hi" now",pos' : `row ${i},neg`);
    const text = lines.join('\n') + '\n';
    for (const chunk of [64, 1 << 20]) {
      const t = parseCsvText(text, { fileName: 'q.csv' }, chunk);
      const q = t.issues.filter((i) => i.kind === 'quotes');
      expect(q.length, `chunk ${chunk}`).toBeGreaterThan(0);
      expect(q.every((i) => i.row === 250), `chunk ${chunk}`).toBe(true);
      expect(t.rows.length).toBe(300);
    }
  });

  it('ragged rows are kept, padded or truncated, and reported by row', () => {
    const t = parseFixture('ragged.csv');
    expect(t.rows).toEqual([['first row', 'pos'], ['second row', ''], ['third row', 'neg'], ['fourth row', 'neg']]);
    expect(t.raggedRows).toEqual([2, 3]);
    expect(t.issues).toEqual([
      { kind: 'field-count', row: 2, message: 'Row 2 has 1 field, the header has 2: the missing cells were left empty.' },
      { kind: 'field-count', row: 3, message: 'Row 3 has 3 fields, the header has 2: the extra cells ("extra cell") were dropped. Quote cells that contain ",".' },
    ]);
  });

  it('invalid UTF-8 bytes: replaced with U+FFFD and reported with row and column', () => {
    const t = parseFixture('invalid-utf8.csv');
    expect(t.encoding).toBe('utf-8');
    expect(t.rows[0][0]).toBe('naïve but fine');
    expect(t.rows[1][0]).toBe('bad \uFFFD byte');
    expect(t.issues[0].message).toMatch(/UTF-8 with invalid bytes \(first: 0xFF at byte 35\)/);
    expect(t.issues[1]).toEqual({ kind: 'encoding', row: 2, message: 'Row 2, column text: bytes that are not valid UTF-8 were replaced with �.' });
  });

  it('caps the issue list per kind but keeps the exact count', () => {
    const lines = ['a,b'];
    for (let i = 0; i < 250; i++) lines.push('only-one');
    const t = parseCsvText(lines.join('\n'), { fileName: 'r.csv' });
    expect(t.raggedRows).toHaveLength(250);
    const fc = t.issues.filter((i) => i.kind === 'field-count');
    expect(fc).toHaveLength(MAX_ISSUES_PER_KIND + 1);
    expect(fc[MAX_ISSUES_PER_KIND].message).toBe('…and 150 more rows with the wrong number of fields (250 in all; only the first 100 are listed).');
  });

  it('a million rows parse, streaming, with progress-ready row counts', () => {
    const n = 1_000_000;
    const parts: string[] = ['text,label\n'];
    for (let i = 0; i < n; i++) parts.push(`t${i},${i % 3}\n`);
    const bytes = utf8(parts.join(''));
    let batches = 0;
    let rows = 0;
    const p = new CsvByteParser({ fileName: 'million.csv', onRows: (b) => { batches++; rows += b.length; } }, bytes.length);
    const step = 1 << 20;
    let lastCount = 0;
    for (let o = 0; o < bytes.length; o += step) {
      p.push(bytes.subarray(o, o + step));
      expect(p.progress.rows).toBeGreaterThanOrEqual(lastCount);
      lastCount = p.progress.rows;
    }
    const t = p.finish();
    expect(rows).toBe(n);
    expect(batches).toBeGreaterThan(5);
    expect(t.rows).toEqual([]);
    expect(t.issues).toEqual([]);
    expect(p.progress).toEqual({ bytesRead: bytes.length, totalBytes: bytes.length, rows: n });
  });
});

describe('parse: blank lines', () => {
  it('skips blank lines between rows and says how many; a final line break is not one', () => {
    expect(parseCsvText('a,b\n1,2\n\n3,4\n\n\n5,6\n', { fileName: 'b.csv' }).issues)
      .toEqual([{ kind: 'other', message: '3 blank line(s) were skipped.' }]);
    expect(parseCsvText('a,b\n1,2\n\n3,4', { fileName: 'b.csv' }).issues)
      .toEqual([{ kind: 'other', message: '1 blank line(s) were skipped.' }]);
    const t = parseCsvText('a,b\n1,2\n3,4', { fileName: 'b.csv' });
    expect(t.issues).toEqual([]);
    expect(t.rows).toEqual([['1', '2'], ['3', '4']]);
  });
});

describe('parse: line endings', () => {
  it('CRLF and CR-only files give the same rows at any chunk size (a chunk may end between CR and LF)', () => {
    const lf = 'text,label\n"two\nlines",pos\nplain,neg\nlast,pos\n';
    const want = parseCsvText(lf, { fileName: 'lf.csv' }).rows;
    expect(want).toEqual([['two\nlines', 'pos'], ['plain', 'neg'], ['last', 'pos']]);
    for (const [name, text] of [['crlf', lf.replace(/\n/g, '\r\n')], ['cr', lf.replace(/\n/g, '\r')]] as const) {
      for (const chunk of [1, 2, 3, 11, 1000]) {
        const bytes = new TextEncoder().encode(text);
        const p = new CsvByteParser({ fileName: `${name}.csv` }, bytes.length);
        for (let o = 0; o < bytes.length; o += chunk) p.push(bytes.subarray(o, o + chunk));
        const t = p.finish();
        const expected = want.map((r) => r.map((c) => c.replace('\n', name === 'crlf' ? '\r\n' : '\r')));
        expect(t.rows, `${name} chunk ${chunk}`).toEqual(expected);
        expect(t.issues, `${name} chunk ${chunk}`).toEqual([]);
      }
    }
  });
});

describe('parse: round trip', () => {
  it('random cells written by papaparse read back exactly, at random chunk sizes', () => {
    const rng = createRng(12345);
    const alphabet = ['a', 'b', ' ', ',', '"', '\n', '\r\n', ';', '\t', 'é', '£', '日', '😀', 'x'];
    const cell = () => {
      const n = Math.floor(rng.next() * 12);
      let s = 'w'; // never empty and never all-numeric, so the header guess is stable
      for (let i = 0; i < n; i++) s += alphabet[Math.floor(rng.next() * alphabet.length)];
      return s;
    };
    for (let trial = 0; trial < 20; trial++) {
      const rows = Array.from({ length: 30 }, () => [cell(), cell(), cell()]);
      const text = writeCsv(['text', 'label', 'note'], rows);
      const bytes = new TextEncoder().encode(text);
      const chunk = 1 + Math.floor(rng.next() * 50);
      const p = new CsvByteParser({ fileName: 'r.csv', header: true }, bytes.length);
      for (let o = 0; o < bytes.length; o += chunk) p.push(bytes.subarray(o, o + chunk));
      const t = p.finish();
      expect(t.columns, `trial ${trial}`).toEqual(['text', 'label', 'note']);
      expect(t.rows, `trial ${trial} chunk ${chunk}`).toEqual(rows);
      expect(t.issues, `trial ${trial}`).toEqual([]);
    }
  });
});

describe('parse: streaming hand-over', () => {
  it('hands every row to onRows, also for files shorter than the header sample', () => {
    for (const n of [1, 3, 50, 51, 120]) {
      const got: string[][] = [];
      let columns: string[] = [];
      const text = ['text,label', ...Array.from({ length: n }, (_, i) => `t${i},l${i % 2}`)].join('\n');
      const t = parseCsvText(text, { fileName: 's.csv', onRows: (b) => got.push(...b), onColumns: (c) => { columns = c; } }, 7);
      expect(columns).toEqual(['text', 'label']);
      expect(got.length, `n=${n}`).toBe(n);
      expect(got[n - 1]).toEqual([`t${n - 1}`, `l${(n - 1) % 2}`]);
      expect(t.rows).toEqual([]);
    }
  });
});

describe('parse: encoding surprises after the sample', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  const concat = (...parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
    let o = 0;
    for (const p of parts) { out.set(p, o); o += p.length; }
    return out;
  };
  const asciiHead = enc(`text,label\n${'plain ascii row,ham\n'.repeat(60_000)}`);

  it('ASCII for the first MiB, then a Windows-1252 byte: switches to Windows-1252 there', () => {
    expect(asciiHead.length).toBeGreaterThan(1 << 20);
    const bytes = concat(asciiHead, enc('Caf'), new Uint8Array([0xe9]), enc(' late \u0000'.slice(0, 6)), new Uint8Array([0xa3]), enc('5,spam\n'));
    const t = parseCsvBytes(bytes, { fileName: 'late.csv' });
    expect(t.encoding).toBe('windows-1252');
    expect(t.rows.length).toBe(60_001);
    expect(t.rows[60_000]).toEqual(['Café late £5', 'spam']);
    expect(t.issues).toEqual([{
      kind: 'encoding',
      message: `late.csv is not UTF-8; it was read as Windows-1252 (Western European, e.g. from Excel) from byte ${asciiHead.length + 3} on (all bytes before it are plain ASCII). Check that accented letters and symbols look right.`,
    }]);
  });

  it('switches correctly when the Windows-1252 byte ends a piece (the UTF-8 decoder was holding it)', () => {
    const head = enc('text,label\nabc,ham\nCaf');
    const bytes = concat(head, new Uint8Array([0xe9]), enc(',spam\n'));
    const p = new CsvByteParser({ fileName: 'cut.csv' }, bytes.length);
    p.push(bytes.subarray(0, head.length + 1)); // ends with 0xE9
    p.push(bytes.subarray(head.length + 1));
    const t = p.finish();
    // here the first piece already holds 0xE9, so the sample decides Windows-1252; the switch path needs
    // an ASCII-only first piece:
    expect(t.rows[1]).toEqual(['Café', 'spam']);
    const q = new CsvByteParser({ fileName: 'cut.csv' }, bytes.length + 1);
    q.push(bytes.subarray(0, head.length)); // ASCII only: guessed UTF-8
    q.push(bytes.subarray(head.length, head.length + 1)); // 0xE9 alone: held by the decoder
    q.push(bytes.subarray(head.length + 1));
    const u = q.finish();
    expect(u.encoding).toBe('windows-1252');
    expect(u.rows).toEqual([['abc', 'ham'], ['Café', 'spam']]);
  });

  it('valid UTF-8 early, invalid bytes later: stays UTF-8 and says from which row', () => {
    const bytes = concat(enc('text,label\nnaïve,ham\n'), enc('plain ascii row,ham\n'.repeat(60_000)), enc('bad '), new Uint8Array([0xff]), enc(',spam\n'));
    const t = parseCsvBytes(bytes, { fileName: 'mixed.csv' });
    expect(t.encoding).toBe('utf-8');
    expect(t.rows[60_001]).toEqual(['bad \uFFFD', 'spam']);
    expect(t.issues[0].message).toBe('mixed.csv was read as UTF-8, but from row 60002 on it has bytes that are not valid UTF-8 (replaced with �). If it was saved as Windows-1252 or Latin-1 (e.g. by Excel), save it as UTF-8 and load it again.');
    expect(t.issues[1]).toMatchObject({ kind: 'encoding', row: 60002 });
  });
});

describe('parse: UTF-16 (Excel "Unicode Text")', () => {
  it('reads UTF-16LE with BOM and UTF-16BE without, instead of calling them binary', () => {
    for (const [name, enc] of [['utf16le-bom.tsv', 'utf-16le'], ['utf16be.tsv', 'utf-16be']] as const) {
      const t = parseFixture(name);
      expect(t.encoding, name).toBe(enc);
      expect(t.delimiter).toBe('\t');
      expect(t.columns).toEqual(['text', 'label']);
      expect(t.rows).toEqual([['Café £5 offer', 'spam'], ['hello 日本', 'ham']]);
      expect(t.issues).toEqual([]);
    }
  });
});
