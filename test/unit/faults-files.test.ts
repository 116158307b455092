/**
 * Bad input and damaged files below the CLI, in process: the file checkpoint store with flipped bytes, a
 * truncated tensors file, a damaged header, a truncated record.json and a full disk; a literal U+FFFD in a
 * UTF-8 file; a stray quote that swallows lines; --spec keys that do not exist; a config.json that asks for
 * weights model.safetensors lacks; a truncated model.safetensors; a head trained for other labels.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFileCheckpointStore, readModelFolder, writeFolder } from '../../src/cli/files';
import { parseCsvBytes, parseCsvText } from '../../src/core/data/parse';
import { loadSequenceClassifier } from '../../src/core/model/load';
import { checkSafetensors } from '../../src/core/model/sources/assemble';
import { presetHyperparameters } from '../../src/core/spec/jobSpec';
import { validateJobSpec } from '../../src/core/spec/validate';
import { unknownKeyIssues } from '../../src/core/spec/specKeys';
import { createMemoryCheckpointStore, type CheckpointRecord } from '../../src/core/train/checkpoint';
import { loadNewestIntactCheckpoint } from '../../src/core/train/checkpointIntegrity';
import { createTrainerControl } from '../../src/core/train/control';
import { runTraining } from '../../src/core/train/trainer';
import { root } from './cli-helpers';
import { syntheticData, tinyModel, tinySpec } from './train-helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ftstudio-faults-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
afterEach(() => { vi.restoreAllMocks(); });
const tinyBert = path.join(root, 'test/fixtures/hub/ftstudio-fixtures/tiny-bert');

/** Checkpoints at steps 2, 4 and 6 of a real (tiny) run, as the trainer writes them. */
async function realCheckpoints(): Promise<CheckpointRecord[]> {
  const { data, encoded } = syntheticData(60);
  const store = createMemoryCheckpointStore();
  const model = tinyModel();
  await runTraining({
    jobId: 'job', spec: tinySpec({ epochs: 1, checkpoints: { strategy: 'steps', everySteps: 2, keepLast: 10 } }), data, encoded, model, store,
    control: createTrainerControl(), emit: () => {}, backend: { name: 'cpu', reason: 'test' }, throttleMs: 0,
  });
  model.dispose();
  return [...store.records.values()].sort((a, b) => a.state.globalStep - b.state.globalStep);
}

describe('the file checkpoint store with damaged files and a full disk', () => {
  let records: CheckpointRecord[];
  beforeAll(async () => {
    await tf.setBackend('cpu');
    records = await realCheckpoints();
  });

  async function storeWithAll(name: string) {
    const dir = path.join(tmp, name);
    const store = createFileCheckpointStore(dir);
    for (const r of records) await store.save(r);
    return { dir, store, file: (id: string, f: string) => path.join(dir, id.replace('/', '__'), f) };
  }

  it('round-trips a checkpoint with its checksums, leaving no temporary file', async () => {
    const { dir, store } = await storeWithAll('ok');
    const back = await store.load('job/step-4');
    expect(back!.integrity).toEqual(records[1].integrity);
    expect(back!.weights['classifier.weight'].data).toEqual(records[1].weights['classifier.weight'].data);
    expect(fs.readdirSync(path.join(dir, 'job__step-4')).sort()).toEqual(['record.json', 'tensors.safetensors']);
  });

  it('each kind of damage is named with its file, and a resume falls back to the newest intact checkpoint', async () => {
    const damages: [string, (file: (id: string, f: string) => string) => void, RegExp][] = [
      ['flipped bytes', (file) => {
        const f = file('job/step-6', 'tensors.safetensors');
        const b = fs.readFileSync(f);
        for (let i = b.length - 2000; i < b.length; i++) b[i] ^= 0xff;
        fs.writeFileSync(f, b);
      }, /checkpoint job\/step-6 \(.*job__step-6\) is damaged: tensors? .* not match/],
      ['a truncated tensors file', (file) => {
        const f = file('job/step-6', 'tensors.safetensors');
        fs.truncateSync(f, Math.floor(fs.statSync(f).size / 2));
      }, /checkpoint job\/step-6: .*job__step-6\/tensors\.safetensors is damaged: .* the file has \d+ bytes but needs at least \d+ \(it was cut short\)/],
      ['a damaged header', (file) => {
        const f = file('job/step-6', 'tensors.safetensors');
        const b = fs.readFileSync(f);
        b.write('#garbage#', 8);
        fs.writeFileSync(f, b);
      }, /checkpoint job\/step-6: .*job__step-6\/tensors\.safetensors is damaged: safetensors header is not valid JSON/],
      ['a truncated record.json', (file) => {
        const f = file('job/step-6', 'record.json');
        fs.truncateSync(f, 100);
      }, /checkpoint job\/step-6: .*job__step-6\/record\.json is damaged \(100 bytes, not valid JSON/],
    ];
    for (const [what, damage, message] of damages) {
      const { store, file } = await storeWithAll(what.replace(/ /g, '-'));
      damage(file);
      await expect(store.load('job/step-6'), what).rejects.toThrow(message);
      const found = await loadNewestIntactCheckpoint(store, 'job');
      expect(found?.record.id, what).toBe('job/step-4');
      expect(found?.skipped, what).toEqual([{ id: 'job/step-6', reason: expect.stringMatching(message) }]);
    }
  });

  it('a full disk while writing a checkpoint says how much was needed, leaves no partial file, and keeps the earlier ones', async () => {
    const dir = path.join(tmp, 'full');
    const store = createFileCheckpointStore(dir);
    await store.save(records[0]);
    const real = fsp.writeFile;
    // The disk fills up half-way through the tensors: a partial file, then ENOSPC.
    vi.spyOn(fsp, 'writeFile').mockImplementation(async (file, data, ...rest) => {
      if (typeof data !== 'string' && String(file).includes('tensors')) {
        await real(file, (data as Uint8Array).subarray(0, 1000), ...rest);
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }
      return real(file, data, ...rest);
    });
    await expect(store.save(records[1])).rejects.toThrow(
      /^The disk is full: checkpoint job\/step-4 needs about \d+\.\d MB in .*job__step-4, and only \d+\.\d MB is free\. Earlier checkpoints are intact: free some space and continue with --resume\.$/);
    vi.restoreAllMocks();
    expect(fs.readdirSync(path.join(dir, 'job__step-4'))).toEqual([]);
    expect((await store.list('job')).map((s) => s.id)).toEqual(['job/step-2']);
    expect((await store.load('job/step-2'))!.state.globalStep).toBe(2);
  });

  it('a full disk while writing the model folder writes none of it', async () => {
    const dir = path.join(tmp, 'model-full');
    const real = fsp.writeFile;
    vi.spyOn(fsp, 'writeFile').mockImplementation(async (file, data, ...rest) => {
      if (String(file).includes('model.safetensors')) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      return real(file, data, ...rest);
    });
    await expect(writeFolder(dir, { 'config.json': '{}', 'model.safetensors': new Uint8Array(3_000_000), 'README.md': '# x' }))
      .rejects.toThrow(/^The disk is full: the model folder needs about 3\.0 MB in .*model-full, and only .* is free\. Nothing was written/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('text files', () => {
  it('a literal U+FFFD in valid UTF-8 is text, not an encoding problem (the first non-ASCII character included)', () => {
    const enc = new TextEncoder();
    const early = parseCsvBytes(enc.encode('text,label\nscraped \uFFFD page,a\ncafé,b\n'), { fileName: 'scraped.csv' });
    expect(early.encoding).toBe('utf-8');
    expect(early.rows).toEqual([['scraped \uFFFD page', 'a'], ['café', 'b']]);
    expect(early.issues).toEqual([]);
    // After the first MiB of ASCII (the encoding sample), in small pieces: still UTF-8, not Windows-1252.
    const late = parseCsvBytes(enc.encode(`text,label\n${'plain,a\n'.repeat(150_000)}caf\uFFFD é,b\n`), { fileName: 'late.csv' }, 65536);
    expect(late.encoding).toBe('utf-8');
    expect(late.rows.at(-1)).toEqual(['caf\uFFFD é', 'b']);
    expect(late.issues).toEqual([]);
    // Real invalid bytes next to a literal U+FFFD are still reported.
    const bytes = enc.encode('text,label\nok \uFFFD,a\nbad _ byte,b\n');
    bytes[bytes.length - 9] = 0xff;
    const bad = parseCsvBytes(bytes, { fileName: 'bad.csv' });
    expect(bad.issues.map((i) => i.row)).toEqual([undefined, 1, 2]);
  });

  it('a stray quote that swallows lines says how many; the header is "the header"', () => {
    // The tab-separated SMS release: a quote opens in a message and closes lines later, before a tab.
    const tsv = ['label\ttext', 'ham\tGo until jurong', 'ham\t"Ok lar... Joking', 'spam\tFree entry in 2', 'ham\tU dun say so early hor"\tx', 'ham\tNah', ''].join('\n');
    const t = parseCsvText(tsv, { fileName: 'sms.tsv' });
    const q = t.issues.filter((i) => i.kind === 'quotes');
    expect(q).toEqual([{
      kind: 'quotes', row: 2, linesSwallowed: 2,
      message: 'Row 2: column text runs on over 2 more lines, 2 of them with tabs like rows of their own: a stray quote probably merged them into this cell. Check the quotes in row 2.',
    }]);
    // Unclosed: one issue (not one per malformed quote papaparse met on the way), with the lines it took.
    const open = parseCsvText('label\ttext\nham\t"Ok lar\nspam\tFree "x" entry\nham\tlast\n', { fileName: 'open.tsv' });
    expect(open.issues.filter((i) => i.kind === 'quotes')).toEqual([expect.objectContaining({ row: 1, linesSwallowed: 2, message: expect.stringMatching(/^Row 1: a quoted field opens with " but is never closed, so everything after it to the end of the file \(2 lines\)/) })]);
    const header = parseCsvText('"text,label\na,b\nc,d\n', { fileName: 'h.csv' });
    expect(header.issues[0].message).toMatch(/^The header: a quoted field opens with " but is never closed, so .*\(2 lines\).* Check for a stray quote in the header\./);
    expect(header.issues[0].row).toBeUndefined();
  });
});

describe('job spec fields', () => {
  it('unknown, misspelt and misplaced keys are named; a non-object where an object belongs says what it must be', () => {
    expect(unknownKeyIssues({ hyperparameters: { learningrate: 1e-4, freeze: { embedings: true } }, learningRate: 1e-4 })).toEqual([
      { path: 'hyperparameters.learningrate', message: expect.stringMatching(/^unknown field \(did you mean "learningRate"\?\)/) },
      { path: 'hyperparameters.freeze.embedings', message: expect.stringMatching(/^unknown field \(did you mean "embeddings"\?\)/) },
      { path: 'learningRate', message: '"learningRate" is a hyperparameter: put it under "hyperparameters"' },
    ]);
    const spec = tinySpec();
    expect(validateJobSpec({ ...spec, hyperparameters: { ...presetHyperparameters('standard'), freeze: true } }))
      .toEqual([{ path: 'hyperparameters.freeze', message: 'must be an object with the fields embeddings, firstLayers, headOnly, got true' }]);
    expect(validateJobSpec({ ...spec, extra: 1 })).toEqual([{ path: 'extra', message: expect.stringMatching(/^unknown field; the known fields here are version, name, dataset/) }]);
  });
});

describe('model folders that do not fit', () => {
  const files = async () => readModelFolder(tinyBert);

  it('a config.json asking for more layers than the weights hold is refused, naming the field; not a random layer', async () => {
    const f = await files();
    const load = () => loadSequenceClassifier({ config: { ...f.config, num_hidden_layers: 3 }, weights: f.weights, labels: ['a', 'b'] });
    expect(load).toThrow(/^model\.safetensors lacks 16 BERT weights this config needs \(bert\.encoder\.layer\.2\.attention\.self\.query\.weight, .*, and 13 more\); only a new classification head may start from fresh values\. config\.json asks for 3 layers \("num_hidden_layers"\), but model\.safetensors holds 2: set "num_hidden_layers" to 2/);
  });

  it('a config of another size names how many tensors differ in one short message', async () => {
    const f = await files();
    let message = '';
    try {
      loadSequenceClassifier({ config: { ...f.config, intermediate_size: 48 }, weights: f.weights, labels: ['a', 'b'] });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^model\.safetensors does not fit this BERT config\.json: 6 tensors have another shape — encoder\.layer\.0\.intermediate\.dense\.weight is \[64, 32\] F32, expected \[48, 32\] .*; and 3 more\. Is config\.json from the same model/);
    expect(message.length).toBeLessThan(600);
  });

  it('a head trained for other labels starts afresh and says so; for the same labels it is reused', async () => {
    const f = await readModelFolder(path.join(root, 'test/fixtures/hub/ftstudio-fixtures/tiny-bert-classifier'));
    const other = loadSequenceClassifier({ config: f.config, weights: f.weights, labels: ['neg', 'pos'] });
    expect(other.report.headNote).toBe('model.safetensors has a trained head for other labels (ham, spam; this job\'s are neg, pos): the head (classifier.weight, classifier.bias) starts afresh');
    expect(other.report.initialised).toEqual(['classifier.weight', 'classifier.bias']);
    const same = loadSequenceClassifier({ config: f.config, weights: f.weights, labels: ['ham', 'spam'] });
    expect(same.report.headNote).toMatch(/trained head for this job's labels \(ham, spam\): training continues from it/);
    expect(same.report.initialised).toEqual([]);
    other.model.dispose();
    same.model.dispose();
  });

  it('a truncated model.safetensors is named with its size and the size it needs; a .bin-only folder gets the convert hint', async () => {
    const bytes = fs.readFileSync(path.join(tinyBert, 'model.safetensors'));
    const cut = bytes.subarray(0, 100_000);
    expect(() => checkSafetensors(cut.buffer.slice(cut.byteOffset, cut.byteOffset + cut.byteLength) as ArrayBuffer, 'the folder x'))
      .toThrow(new RegExp(`^model\\.safetensors from the folder x is truncated: it has 100,000 bytes, but its header describes ${bytes.byteLength.toLocaleString('en')} .*download or copy it again`));
    await expect(readModelFolder(path.join(root, 'test/fixtures/hub/ftstudio-fixtures/tiny-bert-bin-only')))
      .rejects.toThrow(/tiny-bert-bin-only has pytorch_model\.bin but no model\.safetensors\. .*save_pretrained\(dir, safe_serialization=True\)/);
  });
});
