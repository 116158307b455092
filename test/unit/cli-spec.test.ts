/**
 * The CLI runs the JobSpec it builds: the backend comes from the spec (a --spec job.json made by the studio,
 * with its 'auto' or browser-only 'webgl'), and a quick trial's sample limits rerun on the same sample.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { startNodeBackend } from '../../src/cli/backend';
import { CLI_TEST_OPTIONS, root, runCli as cli } from './cli-helpers';

const tinyBert = path.join(root, 'test/fixtures/hub/ftstudio-fixtures/tiny-bert');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ftstudio-cli-spec-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));


/** 60 short rows, two classes told apart by one word. */
function writeCsv(): string {
  const rows = [['text', 'label'], ...Array.from({ length: 60 }, (_, i) => [i % 2 ? `good film number ${i}` : `bad film number ${i}`, i % 2 ? 'pos' : 'neg'])];
  const file = path.join(tmp, 'films.csv');
  fs.writeFileSync(file, Papa.unparse(rows));
  return file;
}

describe('the CLI and the JobSpec', () => {
  it('accepts every backend a JobSpec allows: auto and webgl run on wasm and say why', async () => {
    expect(await startNodeBackend('auto', 1)).toEqual({ name: 'wasm', reason: 'wasm is the fastest backend in Node, on one thread' });
    expect(await startNodeBackend('webgl', 1, 'the job spec')).toEqual({
      name: 'wasm', reason: 'webgl (chosen with the job spec) exists only in browsers; wasm is the fastest backend in Node, on one thread',
    });
    await expect(startNodeBackend('tpu')).rejects.toThrow('--backend tpu is not available in Node: use wasm, cpu, webgpu');
  });

  it('trains on the backend and the sample of a --spec job.json', CLI_TEST_OPTIONS, async () => {
    const data = writeCsv();
    const spec = path.join(tmp, 'job.json');
    fs.writeFileSync(spec, JSON.stringify({ version: 2, dataset: { limits: { train: 16, evaluation: 4 } }, hyperparameters: { backend: 'cpu', epochs: 1, batchSize: 8 } }));
    const out = path.join(tmp, 'model');
    const r = await cli(['train', '--data', data, '--text-column', 'text', '--label-column', 'label', '--model', tinyBert, '--out', out, '--spec', spec, '--max-length', '16']);
    // (stderr carries tfjs's note that the cpu backend is slow in Node)
    expect(r.code, `${r.out}\n${r.err}`).toBe(0);
    expect(r.out).toMatch(/started on cpu \(chosen with the job spec\): 16 train examples, 1 epochs, 2 steps/);
    const written = JSON.parse(fs.readFileSync(path.join(out, 'job.json'), 'utf8'));
    expect(written.dataset).toMatchObject({ limits: { train: 16, evaluation: 4 }, splitCounts: { train: 16, validation: 4, test: 4 } });
    expect(written.hyperparameters.backend).toBe('cpu');
  });
});
