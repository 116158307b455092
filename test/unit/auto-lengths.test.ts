/**
 * Auto's token lengths measured in slices (what the page does, src/ui/components/train/useAutoPlan.ts)
 * are the lengths measured at once (what the CLI does), for single texts and pairs, with the tokenizer of
 * the real bert-base-uncased files; the slices pause as often as their time budget says.
 */
import fs from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { autoInputsFrom, autoInputsWith, trainTokenLengths, trainTokenLengthsInSlices } from '../../src/core/auto';
import { SPLIT_CODE, type TrainingData } from '../../src/core/data/types';
import { createTokenizer } from '../../src/core/model/tokenizer';
import { smsPath } from './data-fixtures';
import { bertTokenizerDir } from './export-helpers';

const files = {
  tokenizerJson: JSON.parse(fs.readFileSync(`${bertTokenizerDir}/tokenizer.json`, 'utf8')),
  tokenizerConfig: JSON.parse(fs.readFileSync(`${bertTokenizerDir}/tokenizer_config.json`, 'utf8')),
  extraFiles: {},
};

/** The SMS sample as TrainingData: every 5th row validation, so the measured rows are the train ones only. */
function smsData(n: number, withPairs: boolean): TrainingData {
  const rows = Papa.parse<string[]>(fs.readFileSync(smsPath, 'utf8'), { skipEmptyLines: true }).data.slice(1, n + 1);
  const texts = rows.map((r) => r[0]);
  return {
    labelKind: 'single', labelNames: ['ham', 'spam'], texts,
    pairs: withPairs ? texts.map((t) => t.split(' ').reverse().join(' ')) : undefined,
    labels: Float32Array.from(rows, (r) => (r[1] === 'spam' ? 1 : 0)),
    split: Uint8Array.from(rows, (_, i) => (i % 5 === 4 ? SPLIT_CODE.validation : SPLIT_CODE.train)),
    rowNumbers: Int32Array.from(rows, (_, i) => i + 1),
  };
}

describe('Auto token lengths in slices', () => {
  it.each([false, true])('equal the lengths measured at once (pairs: %s), over a sample of evenly spaced train rows', async (withPairs) => {
    const tokenizer = await createTokenizer(files);
    const data = smsData(1000, withPairs);
    const atOnce = trainTokenLengths(data, tokenizer, 300);
    expect(Math.abs(atOnce.length - 300)).toBeLessThanOrEqual(1); // 800 train rows, sampled every 8/3
    let pauses = 0;
    const sliced = await trainTokenLengthsInSlices(data, tokenizer, async () => { pauses++; }, { sample: 300, sliceMs: 0 });
    expect([...sliced]).toEqual([...atOnce]);
    expect(pauses).toBe(atOnce.length - 1); // a zero budget pauses after every row but the last
    const max = Math.max(...atOnce);
    expect(max).toBeGreaterThan(withPairs ? 60 : 30); // not cut: the lengths are measured without truncation

    let none = 0;
    const whole = await trainTokenLengthsInSlices(data, tokenizer, async () => { none++; }, { sample: 300, sliceMs: 60_000 });
    expect([...whole]).toEqual([...atOnce]);
    expect(none).toBe(0);
  });

  it('give the same AutoInputs as autoInputsFrom', async () => {
    const tokenizer = await createTokenizer(files);
    const data = smsData(400, false);
    const config = { model_type: 'bert', num_hidden_layers: 2, hidden_size: 128, num_attention_heads: 2, intermediate_size: 512, vocab_size: 30522, max_position_embeddings: 512, type_vocab_size: 2 };
    const sliced = await trainTokenLengthsInSlices(data, tokenizer, () => Promise.resolve());
    expect(autoInputsWith({ config, task: 'single_label_classification', data, trainTokenLengths: sliced }))
      .toEqual(autoInputsFrom({ config, task: 'single_label_classification', data, tokenizer }));
  });
});
