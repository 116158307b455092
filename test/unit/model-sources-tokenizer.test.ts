import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { createTokenizer, pairTruncation } from '../../src/core/model/tokenizer';
import { smsPath } from './data-fixtures';
import { bertTokenizerDir } from './export-helpers';

const dir = bertTokenizerDir;
const files = {
  tokenizerJson: JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer.json'), 'utf8')),
  tokenizerConfig: JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8')),
  extraFiles: { 'vocab.txt': fs.readFileSync(path.join(dir, 'vocab.txt'), 'utf8') },
};

describe('createTokenizer (real bert-base-uncased files)', () => {
  it('gives the Hub ids and the special token ids', async () => {
    const tok = await createTokenizer(files);
    expect(tok.vocabSize).toBe(30522);
    expect([tok.padId, tok.clsId, tok.sepId]).toEqual([0, 101, 102]);
    const [hello] = tok.encodeBatch(['Hello'], undefined, 16);
    expect([...hello.ids]).toEqual([101, 7592, 102]);
    const [hw] = tok.encodeBatch(['hello world'], undefined, 16);
    expect([...hw.ids]).toEqual([101, 7592, 2088, 102]);
    expect([...hw.typeIds]).toEqual([0, 0, 0, 0]);
  });

  it('gives a pair token type ids 0 then 1', async () => {
    const tok = await createTokenizer(files);
    const [e] = tok.encodeBatch(['hello world'], ['hello'], 32);
    expect([...e.ids]).toEqual([101, 7592, 2088, 102, 7592, 102]);
    expect([...e.typeIds]).toEqual([0, 0, 0, 0, 1, 1]);
  });

  it('truncates to maxLength and keeps [SEP] (single and pair)', async () => {
    const tok = await createTokenizer(files);
    const [one] = tok.encodeBatch(['a b c d e f g h'], undefined, 5);
    expect([...one.ids]).toEqual([101, 1037, 1038, 1039, 102]);
    // pair: budget 8 - 3 specials = 5; 'a b c d e f' (6) vs 'x y' (2): the shorter keeps 2, the longer gets 3
    const [pair] = tok.encodeBatch(['a b c d e f'], ['x y'], 8);
    expect([...pair.ids]).toEqual([101, 1037, 1038, 1039, 102, 1060, 1061, 102]);
    expect([...pair.typeIds]).toEqual([0, 0, 0, 0, 0, 1, 1, 1]);
  });

  it('returns files() for export unchanged', async () => {
    const tok = await createTokenizer(files);
    expect(tok.files().tokenizerJson).toBe(files.tokenizerJson);
    expect(tok.files().extraFiles['vocab.txt'].split('\n')[7592]).toBe('hello');
  });

  it('tokenizes the 5,574 SMS texts quickly', async () => {
    const csv = fs.readFileSync(smsPath, 'utf8');
    const rows = Papa.parse<{ text: string }>(csv, { header: true, skipEmptyLines: true }).data;
    expect(rows.length).toBe(5574);
    const tok = await createTokenizer(files);
    const t0 = performance.now();
    const out = tok.encodeBatch(rows.map((r) => r.text), undefined, 128);
    const ms = performance.now() - t0;
    expect(out.length).toBe(5574);
    expect(Math.max(...out.map((e) => e.ids.length))).toBe(128);
    expect(out.every((e) => e.ids[0] === 101 && e.ids[e.ids.length - 1] === 102)).toBe(true);
    expect(ms).toBeLessThan(5000); // "well under a few seconds"; measured about 0.2 s here
  });
});

describe('pairTruncation (Hugging Face longest_first)', () => {
  it('splits the budget like the Rust tokenizers', () => {
    expect(pairTruncation(3, 2, 10)).toEqual([3, 2]);
    expect(pairTruncation(6, 2, 5)).toEqual([3, 2]);
    expect(pairTruncation(2, 6, 5)).toEqual([2, 3]);
    expect(pairTruncation(10, 10, 5)).toEqual([2, 3]);
    expect(pairTruncation(10, 9, 6)).toEqual([3, 3]);
  });
});
