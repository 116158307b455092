/**
 * The generated Hub fixtures (scripts/make-fixtures.mjs) are what the tests take them for: reproducible to the
 * byte, the real bert-base-uncased tokenizer, an F16 copy that is tiny-bert rounded, and a pytorch_model.bin
 * that PyTorch itself loads as tiny-bert's weights.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSafetensors } from '../../src/core/model/safetensors';
import { ensureFixtures, hubDir, maxAbsDiff, readFixture, root } from './engine-helpers';
import { bertTokenizerDir } from './export-helpers';
import { PYTHON, PYTORCH_TAG } from './pytorch';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ftstudio-fixtures-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
beforeAll(ensureFixtures);

const filesUnder = (dir: string): string[] => fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
const floats = (repo: string) => parseSafetensors(readFixture(repo).weights).tensors;

describe('Hub fixtures', () => {
  it('a second generation elsewhere gives the same bytes', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'scripts/make-fixtures.mjs'), '--out', tmp], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const again = path.join(tmp, 'ftstudio-fixtures');
    expect(filesUnder(again)).toEqual(filesUnder(hubDir));
    expect(filesUnder(hubDir)).toHaveLength(7 * 2 + 6 * 4); // config + weights each; 6 with 4 tokenizer files
    for (const f of filesUnder(hubDir)) expect(fs.readFileSync(path.join(again, f)).equals(fs.readFileSync(path.join(hubDir, f))), f).toBe(true);
  });

  it('carry the real bert-base-uncased tokenizer (30,522 tokens)', () => {
    for (const f of ['tokenizer.json', 'tokenizer_config.json', 'vocab.txt']) {
      expect(fs.readFileSync(path.join(hubDir, 'tiny-bert', f)).equals(fs.readFileSync(path.join(bertTokenizerDir, f))), f).toBe(true);
    }
    expect(fs.readFileSync(path.join(hubDir, 'tiny-bert', 'vocab.txt'), 'utf8').trimEnd().split('\n')).toHaveLength(30522);
    expect(floats('tiny-bert').get('embeddings.word_embeddings.weight')!.shape).toEqual([30522, 32]);
  });

  it('store tiny-bert-f16 as tiny-bert rounded to half precision', () => {
    const f32 = floats('tiny-bert');
    const f16 = floats('tiny-bert-f16');
    expect(f16.get('embeddings.word_embeddings.weight')!.dtype).toBe('F16');
    for (const [name, t] of f16) {
      const ref = f32.get(name)!.data!;
      expect(t.data!.length, name).toBe(ref.length);
      // Rounded to nearest, half precision is within 2^-11 relative (2^-25 absolute below its normal range).
      const worst = ref.reduce((m, x, i) => Math.max(m, Math.abs(t.data![i] - x) - Math.max(Math.abs(x) * 2 ** -11, 2 ** -25)), -Infinity);
      expect(worst, name).toBeLessThanOrEqual(0);
      expect(maxAbsDiff(t.data!, ref), name).toBeGreaterThan(0); // really rounded
    }
  });

  it('write a pytorch_model.bin that torch.load reads as tiny-bert', { tags: [PYTORCH_TAG] }, () => {
    const script = [
      'import json, sys, torch',
      "sd = torch.load(sys.argv[1], weights_only=True) if 'weights_only' in torch.load.__code__.co_varnames else torch.load(sys.argv[1])",
      'json.dump({k: [list(v.shape), str(v.dtype), v.flatten()[:5].tolist(), float(v.double().sum())] for k, v in sd.items()}, sys.stdout)',
    ].join('\n');
    const r = spawnSync(PYTHON, ['-c', script, path.join(hubDir, 'tiny-bert-bin-only', 'pytorch_model.bin')], { encoding: 'utf8', maxBuffer: 1 << 24 });
    expect(r.status, r.stderr).toBe(0);
    const loaded = JSON.parse(r.stdout) as Record<string, [number[], string, number[], number]>;
    const ref = floats('tiny-bert');
    ref.delete('embeddings.position_ids'); // an int64 buffer, not a weight: the .bin holds weights only
    expect(Object.keys(loaded).sort()).toEqual([...ref.keys()].sort());
    for (const [name, t] of ref) {
      const [shape, dtype, head, sum] = loaded[name];
      expect([shape, dtype], name).toEqual([t.shape, 'torch.float32']);
      expect(head, name).toEqual(Array.from(t.data!.subarray(0, 5)));
      expect(Math.abs(sum - t.data!.reduce((a, b) => a + b, 0)), name).toBeLessThan(1e-3);
    }
  });
});
