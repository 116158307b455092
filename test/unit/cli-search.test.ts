/**
 * `finetune-studio search` end to end with each sampler, on a small generated CSV and the tiny random BERT
 * fixture: trials.csv, study.json, best/ with its card, --resume, and the bad-input messages.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import { enumerateGrid } from '../../src/core/search/samplers';
import type { SearchSpace } from '../../src/core/search/space';
import type { Study } from '../../src/core/search/study';
import { validateJobSpec } from '../../src/core/spec/validate';
import { CLI_TEST_OPTIONS, root, runCli } from './cli-helpers';

const tinyBert = path.join(root, 'test/fixtures/hub/ftstudio-fixtures/tiny-bert');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ftstudio-search-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** 90 short texts about sport or money, with shared filler words. */
function writeTopics(): string {
  const rng = createRng(5);
  const pick = <T,>(xs: T[]) => xs[Math.floor(rng.next() * xs.length)];
  const topics = { sport: ['goal', 'match', 'team', 'player', 'league', 'coach'], money: ['bank', 'price', 'market', 'stock', 'loan', 'rate'] };
  const filler = ['the', 'a', 'today', 'new', 'after', 'big', 'week', 'said', 'report', 'city'];
  const rows = Array.from({ length: 90 }, (_, i) => {
    const label = i % 2 === 0 ? 'sport' : 'money';
    const words = Array.from({ length: 6 + Math.floor(rng.next() * 5) }, () => (rng.next() < 0.4 ? pick(topics[label]) : pick(filler)));
    return { text: words.join(' '), label };
  });
  const file = path.join(tmp, 'topics.csv');
  fs.writeFileSync(file, Papa.unparse(rows));
  return file;
}
const data = writeTopics();

const cli = (args: string[]) => runCli(['search', ...args]);

function search(out: string, space: SearchSpace, extra: string[]) {
  const spaceFile = path.join(tmp, `${path.basename(out)}-space.json`);
  fs.writeFileSync(spaceFile, JSON.stringify(space));
  return cli([
    '--data', data, '--text-column', 'text', '--label-column', 'label', '--model', tinyBert, '--out', out, '--space', spaceFile,
    '--epochs', '1', '--max-length', '16', '--backend', 'wasm', '--threads', '1', ...extra,
  ]);
}

function readTrials(out: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(fs.readFileSync(path.join(out, 'trials.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
}
const readStudy = (out: string) => JSON.parse(fs.readFileSync(path.join(out, 'study.json'), 'utf8')) as Study;

/** best/ is the best trial's model: its job.json carries the trial's values, its card the study and the test scores. */
function expectBestFolder(out: string, study: Study) {
  const best = study.trials.filter((t) => t.state === 'complete').sort((a, b) => b.value! - a.value! || a.number - b.number)[0];
  expect(study.final?.trial).toBe(best.number);
  const job = JSON.parse(fs.readFileSync(path.join(out, 'best/job.json'), 'utf8'));
  expect(validateJobSpec(job)).toEqual([]);
  for (const [name, value] of Object.entries(best.params)) {
    expect(name.split('.').reduce((o: Record<string, unknown>, k) => o[k] as Record<string, unknown>, job)).toBe(value);
  }
  const card = fs.readFileSync(path.join(out, 'best/README.md'), 'utf8');
  expect(card).toContain('## Hyperparameter search');
  expect(card).toContain(`Best: trial ${best.number}, macro_f1 `);
  expect(card).toContain('## Test results');
  expect(fs.existsSync(path.join(out, 'best/model.safetensors'))).toBe(true);
}

describe('finetune-studio search', () => {
  it('grid: every combination of the space in order, then stops; the test split is scored once, for the best trial', CLI_TEST_OPTIONS, async () => {
    const out = path.join(tmp, 'grid');
    const space: SearchSpace = {
      params: [
        { name: 'hyperparameters.learningRate', kind: 'categorical', choices: [1e-3, 3e-3] },
        { name: 'hyperparameters.batchSize', kind: 'categorical', choices: [16, 32] },
      ],
    };
    const r = await search(out, space, ['--sampler', 'grid', '--pruner', 'none']);
    expect(r.err, r.out).toBe('');
    expect(r.code).toBe(0);
    const trials = readTrials(out);
    expect(Object.keys(trials[0])).toEqual(['trial', 'state', 'value', 'duration_s', 'learningRate', 'batchSize']);
    expect(trials.map((t) => [Number(t.learningRate), Number(t.batchSize)])).toEqual(enumerateGrid(space).map((p) => Object.values(p)));
    expect(trials.map((t) => t.state)).toEqual(['complete', 'complete', 'complete', 'complete']);
    for (const t of trials) expect(Number(t.value)).toBeGreaterThan(0);
    const study = readStudy(out);
    expect(study.stopReason).toBe('grid-exhausted');
    expect(r.out.match(/^test @/gm)).toHaveLength(1);
    expect(r.out).not.toMatch(/^ {2}test @/m);
    expectBestFolder(out, study);
  });

  it('random: values inside the space, one column per parameter; --resume adds trials to the same study', CLI_TEST_OPTIONS, async () => {
    const out = path.join(tmp, 'random');
    const space: SearchSpace = {
      params: [
        { name: 'hyperparameters.learningRate', kind: 'float', low: 5e-4, high: 5e-3, log: true },
        { name: 'hyperparameters.freeze.embeddings', kind: 'categorical', choices: [false, true] },
      ],
    };
    const first = await search(out, space, ['--sampler', 'random', '--trials', '2', '--pruner', 'none', '--seed', '7']);
    expect(first.code, first.err).toBe(0);
    const before = readTrials(out);
    expect(before).toHaveLength(2);
    const again = await search(out, space, ['--sampler', 'random', '--trials', '2', '--seed', '7']);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already holds a study .*study\.json\): continue it with --resume, or search into another --out/);
    const resumed = await search(out, space, ['--sampler', 'random', '--trials', '3', '--seed', '7', '--resume']);
    expect(resumed.code, resumed.err).toBe(0);
    expect(resumed.out).toMatch(/resuming the study in .*: 2 trials so far/);
    const after = readTrials(out);
    expect(after).toHaveLength(3);
    expect(after.slice(0, 2)).toEqual(before);
    for (const t of after) {
      expect(Number(t.learningRate)).toBeGreaterThanOrEqual(5e-4);
      expect(Number(t.learningRate)).toBeLessThanOrEqual(5e-3);
      expect(['true', 'false']).toContain(t['freeze.embeddings']);
    }
    expectBestFolder(out, readStudy(out));
  });

  it('tpe (the default sampler) with the median pruner: the same seed gives the same trials', CLI_TEST_OPTIONS, async () => {
    const space: SearchSpace = {
      params: [
        { name: 'hyperparameters.learningRate', kind: 'float', low: 5e-4, high: 5e-3, log: true },
        { name: 'hyperparameters.warmup.value', kind: 'float', low: 0, high: 0.2 },
      ],
    };
    const a = await search(path.join(tmp, 'tpe-a'), space, ['--trials', '4', '--seed', '3']);
    expect(a.code, a.err).toBe(0);
    expect(a.out).toMatch(/search: tpe sampler \(seed 3\), median pruner, objective validation macro_f1 \(maximize\), budget 4 trials/);
    const study = readStudy(path.join(tmp, 'tpe-a'));
    expect(study.spec.sampler).toMatchObject({ kind: 'tpe', seed: 3, nStartupTrials: 3 });
    expect(study.trials).toHaveLength(4);
    expectBestFolder(path.join(tmp, 'tpe-a'), study);
    const b = await search(path.join(tmp, 'tpe-b'), space, ['--trials', '4', '--seed', '3']);
    expect(b.code, b.err).toBe(0);
    const params = (out: string) => readTrials(out).map((t) => [t.learningRate, t['warmup.value']]);
    expect(params(path.join(tmp, 'tpe-b'))).toEqual(params(path.join(tmp, 'tpe-a')));
  });

  it('bad input: an empty space, a budget of 0, a value the model does not allow, an unknown sampler — each named, exit 1, nothing written', CLI_TEST_OPTIONS, async () => {
    const lr = { name: 'hyperparameters.learningRate', kind: 'float', low: 1e-4, high: 1e-3, log: true } as const;
    const empty = await search(path.join(tmp, 'bad1'), { params: [] }, []);
    expect(empty.code).toBe(1);
    expect(empty.err).toMatch(/invalid search:\n {2}space\.params: is empty: name at least one hyperparameter to tune \(in .*bad1-space\.json\)/);
    const zero = await search(path.join(tmp, 'bad2'), { params: [lr] }, ['--trials', '0']);
    expect(zero.code).toBe(1);
    expect(zero.err).toMatch(/invalid search:\n {2}budget\.trials: must be a whole number ≥ 1, got 0 \(--trials\)/);
    const layers = await search(path.join(tmp, 'bad3'), { params: [lr, { name: 'hyperparameters.freeze.firstLayers', kind: 'int', low: 0, high: 4 }] }, []);
    expect(layers.code).toBe(1);
    expect(layers.err).toMatch(/ {2}space\.params\[1\]: bert has 2 encoder layers: cannot freeze the first 4 \(in .*bad3-space\.json\)/);
    const sampler = await search(path.join(tmp, 'bad4'), { params: [lr] }, ['--sampler', 'bayes']);
    expect(sampler.code).toBe(1);
    expect(sampler.err).toMatch(/--sampler must be grid, random, tpe; got "bayes"/);
    for (const d of ['bad1', 'bad2', 'bad3', 'bad4']) expect(fs.existsSync(path.join(tmp, d))).toBe(false);
  });
});
