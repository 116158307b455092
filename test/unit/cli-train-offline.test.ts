/**
 * The CLI with no --model trains the bundled offline CNN (no download), with the CNN family's preset;
 * `--model bundled:offline-glove` picks the bag-of-vectors model; an unknown bundled id is named.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { presetHyperparametersFor } from '../../src/core/spec/presets';

const root = path.resolve(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ftstudio-cli-offline-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// The first 800 rows of the bundled SMS sample (one message per line in its first rows).
const data = path.join(tmp, 'sms800.csv');
fs.writeFileSync(data, fs.readFileSync(path.join(root, 'public/samples/sms_spam.csv'), 'utf8').split('\n').slice(0, 801).join('\n'));

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/finetune-studio.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 280_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('finetune-studio train without --model', () => {
  it('trains the bundled GloVe CNN with its own preset and writes a glove-cnn folder', () => {
    const out = path.join(tmp, 'cnn');
    const r = cli(['train', '--data', data, '--text-column', 'text', '--label-column', 'label', '--out', out, '--preset', 'standard', '--epochs', '2', '--backend', 'wasm']);
    expect(r.err, r.out).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/model: offline-glove-cnn \(glove-cnn\), 1 tensors loaded, 8 initialised/);
    const f1 = Number(/test @ step \d+: loss [\d.]+ accuracy [\d.]+ macro-F1 ([\d.]+)/.exec(r.out)?.[1]);
    expect(f1).toBeGreaterThan(0.8);
    const config = JSON.parse(fs.readFileSync(path.join(out, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ model_type: 'glove-cnn', architectures: ['GloveCnnForSequenceClassification'], filter_sizes: [3, 4, 5] });
    const spec = JSON.parse(fs.readFileSync(path.join(out, 'job.json'), 'utf8'));
    expect(spec.model).toEqual({ source: 'bundled', id: 'offline-glove-cnn' });
    expect(spec.hyperparameters).toEqual({ ...presetHyperparametersFor('glove-cnn', 'standard'), epochs: 2, backend: 'wasm' });
    expect(fs.readFileSync(path.join(out, 'README.md'), 'utf8')).not.toMatch(/library_name: transformers/);
  }, 300_000);

  it('--model bundled:offline-glove trains the bag-of-vectors model; an unknown bundled id is named', () => {
    const out = path.join(tmp, 'pool');
    const r = cli(['train', '--data', data, '--text-column', 'text', '--label-column', 'label', '--out', out, '--model', 'bundled:offline-glove', '--epochs', '1', '--backend', 'wasm']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'config.json'), 'utf8')).model_type).toBe('glove-pool');
    const bad = cli(['train', '--data', data, '--text-column', 'text', '--label-column', 'label', '--out', path.join(tmp, 'x'), '--model', 'bundled:nope']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/There is no bundled model "nope"; bundled: offline-glove-cnn, offline-glove/);
  }, 300_000);
});
