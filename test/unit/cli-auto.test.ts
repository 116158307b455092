/**
 * `finetune-studio train` without --preset is Auto: it prints each decision and why, writes them into
 * job.json (a flag that overrides one marks it overridden) and the model card, and — SMS spam being 13 %
 * spam — trains with class weights and a decision threshold tuned on validation, which config.json keeps
 * and `predict` applies.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_TEST_OPTIONS, root, runCli } from './cli-helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ftstudio-cli-auto-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// The first 800 rows of the bundled SMS sample (one message per line in its first rows): 13 % spam.
const data = path.join(tmp, 'sms800.csv');
fs.writeFileSync(data, fs.readFileSync(path.join(root, 'public/samples/sms_spam.csv'), 'utf8').split('\n').slice(0, 801).join('\n'));

describe('finetune-studio train without --preset (Auto)', () => {
  it('prints the decisions, records them in job.json and the card, tunes the threshold and predicts with it', CLI_TEST_OPTIONS, async () => {
    const out = path.join(tmp, 'auto');
    const r = await runCli(['train', '--data', data, '--text-column', 'text', '--label-column', 'label', '--out', out, '--epochs', '2', '--backend', 'wasm']);
    expect(r.code, `${r.out}\n${r.err}`).toBe(0);
    expect(r.out).toContain('auto: no --preset, so Auto chose the settings from the model and the data');
    expect(r.out).toMatch(/auto: learningRate = 0\.001 — Kim \(2014\) CNN over GloVe vectors/);
    expect(r.out).toMatch(/auto: classWeights\.mode = balanced — Rare class: the smallest class "spam" has \d+ train rows, 1\d % of the largest "ham"/);
    expect(r.out).toMatch(/auto: decisionThreshold = tuned — Binary task with a rare class/);
    expect(r.out).toMatch(/auto: maxSequenceLength = \d+ — Covers about 95 % of the train texts/);
    expect(r.out).toMatch(/done \(completed\): .*; decision threshold "spam" ≥ 0\.\d+ \(validation macro_f1/);

    const spec = JSON.parse(fs.readFileSync(path.join(out, 'job.json'), 'utf8'));
    expect(spec.version).toBe(3);
    expect(spec.hyperparameters).toMatchObject({ learningRate: 1e-3, batchSize: 50, epochs: 2, classWeights: { mode: 'balanced' }, decisionThreshold: 'tuned' });
    const byField = Object.fromEntries(spec.auto.decisions.map((d: { field: string }) => [d.field, d]));
    expect(byField['hyperparameters.classWeights.mode']).toMatchObject({ value: 'balanced' });
    expect(byField['hyperparameters.classWeights.mode'].overridden).toBeUndefined();
    expect(byField['hyperparameters.epochs']).toMatchObject({ value: 8, overridden: true }); // --epochs 2 overrides Auto's 8
    expect(spec.dataset.splitMethod).toBe('random 80/10/10, stratified, seed 42, exact duplicate texts kept in one split');

    const card = fs.readFileSync(path.join(out, 'README.md'), 'utf8');
    expect(card).toContain('### Chosen by Auto');
    expect(card).toMatch(/\| classWeights\.mode \| balanced \| Rare class:/);
    expect(card).toMatch(/\| epochs \| 8 \(overridden: see the table above\) \|/);
    expect(card).toContain('| decision threshold | tuned on validation |');
    expect(card).toContain('## Decision thresholds');

    const t = JSON.parse(fs.readFileSync(path.join(out, 'config.json'), 'utf8')).finetune_studio.thresholds.values.spam as number;
    expect(t).toBeGreaterThan(0);
    expect(t).toBeLessThan(1);
    const preds = path.join(tmp, 'preds.csv');
    const p = await runCli(['predict', '--model', out, '--data', data, '--text-column', 'text', '--out', preds]);
    expect(p.code, p.err).toBe(0);
    expect(p.out).toContain(`decision thresholds tuned on validation: spam ≥ ${t.toFixed(4)}`);
    const rows = Papa.parse<Record<string, string>>(fs.readFileSync(preds, 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(rows).toHaveLength(800);
    for (const row of rows) expect(row.prediction).toBe(Number(row.score_spam) >= t ? 'spam' : 'ham');
  });

  it('--preset quick still uses the preset and records no Auto decisions', CLI_TEST_OPTIONS, async () => {
    const out = path.join(tmp, 'preset');
    const r = await runCli(['train', '--data', data, '--text-column', 'text', '--label-column', 'label', '--out', out, '--preset', 'quick', '--epochs', '1', '--backend', 'wasm']);
    expect(r.code, `${r.out}\n${r.err}`).toBe(0);
    expect(r.out).not.toContain('auto:');
    const spec = JSON.parse(fs.readFileSync(path.join(out, 'job.json'), 'utf8'));
    expect(spec.auto).toBeUndefined();
    expect(spec.hyperparameters).toMatchObject({ classWeights: { mode: 'none' }, decisionThreshold: 'argmax', freeze: { embeddings: true } });
  });
});
