/**
 * The CLI with bad input and faults, as a person meets them: --spec keys that do not exist, data it cannot
 * learn from, --resume with other flags or other data, a damaged newest checkpoint, Ctrl-C mid-run, a model
 * whose head was never trained, an output folder that does not exist. Every case exits with a message that
 * names what and where; a resume ends bit-identical to an uninterrupted run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSafetensors } from '../../src/core/model/safetensors';
import { CLI_TEST_OPTIONS, root, runCli as cli } from './cli-helpers';

const tinyBert = path.join(root, 'test/fixtures/hub/ftstudio-fixtures/tiny-bert');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ftstudio-cli-faults-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** n short rows, two classes told apart by one word. */
function films(n: number, name = `films-${n}.csv`): string {
  const rows = [['text', 'label'], ...Array.from({ length: n }, (_, i) => [i % 2 ? `good film number ${i}` : `bad film number ${i}`, i % 2 ? 'pos' : 'neg'])];
  const file = path.join(tmp, name);
  fs.writeFileSync(file, Papa.unparse(rows));
  return file;
}

const QUICK = ['--text-column', 'text', '--label-column', 'label', '--model', tinyBert, '--preset', 'quick', '--epochs', '1', '--batch-size', '8', '--max-length', '16', '--threads', '1'];
const train = (data: string, out: string, ...more: string[]) => cli(['train', '--data', data, '--out', out, ...QUICK, ...more]);
const modelBytes = (out: string) => fs.readFileSync(path.join(out, 'model.safetensors'));

describe('the CLI with bad input', () => {
  it('refuses --spec keys that do not exist, naming each, and an array; a non-object where an object belongs says what it must be', CLI_TEST_OPTIONS, async () => {
    const data = films(40);
    const cases: [unknown, RegExp][] = [
      [{ hyperparameters: { learningrate: 1e-4 } }, /hyperparameters\.learningrate: unknown field \(did you mean "learningRate"\?\)/],
      [{ learningRate: 1e-4, epochs: 2 }, /learningRate: "learningRate" is a hyperparameter: put it under "hyperparameters"\n {2}epochs: "epochs" is a hyperparameter/],
      [[{ hyperparameters: { epochs: 1 } }], /holds a JSON array; it must be an object/],
      [{ hyperparameters: { freeze: true } }, /hyperparameters\.freeze: must be an object with the fields embeddings, firstLayers, headOnly, got true/],
    ];
    for (const [content, message] of cases) {
      const spec = path.join(tmp, 'spec.json');
      fs.writeFileSync(spec, JSON.stringify(content));
      const r = await train(data, path.join(tmp, 'never'), '--spec', spec);
      expect(r.code, JSON.stringify(content)).toBe(1);
      expect(r.err).toMatch(message);
      expect(r.out).not.toMatch(/started on/);
    }
  });

  it('refuses data that cannot give a meaningful model, naming --force; prints the parse problems counted, with rows', CLI_TEST_OPTIONS, async () => {
    // The tab-separated SMS release: a stray quote merges the lines after it into one cell.
    const tsvLines = ['label\ttext'];
    for (let i = 0; i < 60; i++) tsvLines.push(`${i % 2 ? 'spam' : 'ham'}\t${i === 7 ? '"' : ''}message number ${i}${i === 11 ? '"' : ''}`);
    const tsv = path.join(tmp, 'sms.tsv');
    tsvLines.push('ham\tone field too many\tx'); // a ragged row: printed, counted, trained on
    fs.writeFileSync(tsv, `${tsvLines.join('\n')}\n`);
    const quote = await train(tsv, path.join(tmp, 'never'));
    expect(quote.code).toBe(1);
    expect(quote.out).toMatch(/sms\.tsv: quoting problems \(1\):\n {2}Row 8: column text runs on over 4 more lines/);
    expect(quote.out).toMatch(/sms\.tsv: rows with the wrong number of fields \(1\):\n {2}Row 57 has 3 fields, the header has 2/);
    expect(quote.err).toMatch(/refusing to train on .*sms\.tsv: the model would not mean much\.\n {2}- quote problems merged 4 lines into 1 cell \(rows 8\)/);
    expect(quote.err).toMatch(/add --force to train anyway/);

    const freeText = path.join(tmp, 'free.csv');
    fs.writeFileSync(freeText, Papa.unparse([['text', 'label'], ...Array.from({ length: 1500 }, (_, i) => [`text ${i}`, `a label sentence number ${i}`])]));
    const free = await train(freeText, path.join(tmp, 'never'));
    expect(free.code).toBe(1);
    expect(free.err).toMatch(/- The label column "label" has 1,500 distinct values: it looks like free text, not a label/);
    // The labels line is counted and cut, not every class name.
    expect(free.out).toMatch(/labels: 1,500 classes: a label sentence number 0, .*, …\n/);
    expect(Math.max(...free.out.split('\n').map((l) => l.length))).toBeLessThan(1000);

    const same = await cli(['train', '--data', films(40), '--out', path.join(tmp, 'never'), ...QUICK, '--label-column', 'text']);
    expect(same.code).toBe(1);
    expect(same.err).toMatch(/"text" is chosen as both the text and the label column/);

    const tiny = films(6, 'tiny.csv');
    const small = await train(tiny, path.join(tmp, 'tiny'));
    expect(small.code).toBe(1);
    expect(small.err).toMatch(/- the validation split has 0 rows \(6 rows in all\): nothing to evaluate on/);
    const forced = await train(tiny, path.join(tmp, 'tiny'), '--force');
    expect(forced.code, forced.err).toBe(0);
    expect(forced.out).toMatch(/warning \(--force\): the validation split has 0 rows/);
  });

  it('predict refuses a head that was never trained, checks --out before the work, and quotes formulas but not numbers', CLI_TEST_OPTIONS, async () => {
    const input = path.join(tmp, 'to-predict.csv');
    fs.writeFileSync(input, 'text,score\ngood film,-5.844\n=HYPERLINK("x"),+1e-3\n');
    const out = path.join(tmp, 'preds.csv');
    for (const model of [tinyBert, path.join(root, 'public/models/offline-glove')]) {
      const r = await cli(['predict', '--model', model, '--data', input, '--text-column', 'text', '--out', out]);
      expect(r.code, model).toBe(1);
      expect(r.err).toMatch(/has no trained classification head \((pre_classifier\.weight, pre_classifier\.bias, )?classifier\.weight, classifier\.bias are not in its model\.safetensors\): its predictions would come from random weights, with the labels LABEL_0, LABEL_1\. Train it first/);
      expect(fs.existsSync(out)).toBe(false);
    }
    const forced = await cli(['predict', '--model', tinyBert, '--data', input, '--text-column', 'text', '--out', out, '--force']);
    expect(forced.code, forced.err).toBe(0);
    expect(forced.out).toMatch(/warning \(--force\): .* has no trained classification head/);
    const lines = fs.readFileSync(out, 'utf8').split('\r\n');
    expect(lines[1]).toMatch(/^good film,-5\.844,LABEL_/);
    expect(lines[2]).toMatch(/^"'=HYPERLINK\(""x""\)",\+1e-3,LABEL_/);

    const missing = await cli(['predict', '--model', tinyBert, '--data', input, '--text-column', 'text', '--out', path.join(tmp, 'no/such/dir/preds.csv'), '--force']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/--out .*no\/such\/dir\/preds\.csv: the folder .*no\/such\/dir does not exist; create it first/);
    expect(missing.out).not.toMatch(/predicting/);

    const binOnly = await cli(['predict', '--model', path.join(root, 'test/fixtures/hub/ftstudio-fixtures/tiny-bert-bin-only'), '--data', input, '--text-column', 'text', '--out', out]);
    expect(binOnly.code).toBe(1);
    expect(binOnly.err).toMatch(/has pytorch_model\.bin but no model\.safetensors\. .*convert it in Python/);
  });

  it('train refuses a config.json that asks for a layer the weights lack', CLI_TEST_OPTIONS, async () => {
    const model = path.join(tmp, 'three-layers');
    fs.cpSync(tinyBert, model, { recursive: true });
    const config = JSON.parse(fs.readFileSync(path.join(model, 'config.json'), 'utf8'));
    fs.writeFileSync(path.join(model, 'config.json'), JSON.stringify({ ...config, num_hidden_layers: 3 }));
    const r = await cli(['train', '--data', films(40), '--out', path.join(tmp, 'never'), ...QUICK, '--model', model]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/model\.safetensors lacks 16 BERT weights this config needs .* config\.json asks for 3 layers \("num_hidden_layers"\), but model\.safetensors holds 2/);
    expect(r.out).not.toMatch(/initialised/);
  });
});

describe('the CLI resuming', () => {
  it('refuses other flags and changed data; a damaged newest checkpoint falls back to the previous one and ends bit-identical', CLI_TEST_OPTIONS, async () => {
    const data = films(200);
    const out = path.join(tmp, 'resume');
    const spec = path.join(tmp, 'every-5.json');
    fs.writeFileSync(spec, JSON.stringify({ hyperparameters: { checkpoints: { strategy: 'steps', everySteps: 5, keepLast: 10 } } }));
    const first = await train(data, out, '--spec', spec);
    expect(first.code, first.err).toBe(0);
    expect(fs.readdirSync(path.join(out, 'checkpoints')).sort()).toEqual(['cli__step-10', 'cli__step-15', 'cli__step-20', 'cli__step-5']);
    const want = modelBytes(out);

    // The same command with --resume continues; contradicting flags are refused, each named.
    const flags = await train(data, out, '--spec', spec, '--resume', '--epochs', '2', '--lr', '5e-2', '--seed', '7');
    expect(flags.code).toBe(1);
    expect(flags.err).toMatch(/--resume: checkpoint cli\/step-20 belongs to a run with other settings.*\n {2}- epochs 1 \(--epochs asks for 2\)\n {2}- learningRate 0\.001 \(--lr asks for 0\.05\)\n {2}- seed 42 \(--seed asks for 7\)\nDrop these flags/);

    const fewer = await train(films(120), out, '--spec', spec, '--resume');
    expect(fewer.code).toBe(1);
    expect(fewer.err).toMatch(/--resume: The data changed since checkpoint cli\/step-20 was written \(200 rows → 120; train 160 → 96, validation 20 → 12, test 20 → 12\)/);

    // 2,000 bytes of the newest checkpoint's tensors flipped: it still parses, but its checksums fail.
    const tensors = path.join(out, 'checkpoints/cli__step-20/tensors.safetensors');
    const bytes = fs.readFileSync(tensors);
    for (let i = bytes.length - 2000; i < bytes.length; i++) bytes[i] ^= 0xa5;
    fs.writeFileSync(tensors, bytes);
    const resumed = await train(data, out, '--spec', spec, '--resume');
    expect(resumed.code, resumed.err).toBe(0);
    expect(resumed.out).toMatch(/warning: checkpoint cli\/step-20 \(.*cli__step-20\) is damaged: tensors? .* not match .* so it resumed from the newest intact checkpoint, cli\/step-15 \(step 15\)/);
    expect(resumed.out).toMatch(/resuming at step 15/);
    expect(modelBytes(out).equals(want)).toBe(true);
  });

  it('Ctrl-C stops within a step and saves a checkpoint; --resume then ends bit-identical to an uninterrupted run', CLI_TEST_OPTIONS, async () => {
    const data = films(1200);
    const straight = path.join(tmp, 'straight');
    const full = await train(data, straight);
    expect(full.code, full.err).toBe(0);
    expect(full.out).toMatch(/120 steps/);

    const out = path.join(tmp, 'interrupted');
    const child = spawn(process.execPath, [path.join(root, 'bin/finetune-studio.js'), 'train', '--data', data, '--out', out, ...QUICK], { cwd: root });
    let log = '';
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stderr.on('data', (d) => { log += d; });
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (d) => {
        log += d;
        // The first step line: 119 steps still to go. Before the fix, the stop came only at the epoch's checkpoint.
        if (/^step 1\//m.test(log) && !child.killed) { child.kill('SIGINT'); resolve(); }
      });
    });
    expect(await exited, log).toBe(130);
    const stoppedAt = Number(/paused at step (\d+)/.exec(log)?.[1]);
    expect(stoppedAt, log).toBeGreaterThan(0);
    expect(stoppedAt, log).toBeLessThan(120);
    expect(log).toMatch(new RegExp(`stopped at step ${stoppedAt}; the checkpoint is in .*continue with --resume`));
    expect(fs.existsSync(path.join(out, `checkpoints/cli__step-${stoppedAt}/record.json`))).toBe(true);
    expect(fs.existsSync(path.join(out, 'model.safetensors'))).toBe(false);

    const resumed = await train(data, out, '--resume');
    expect(resumed.code, resumed.err).toBe(0);
    expect(resumed.out).toMatch(new RegExp(`resuming at step ${stoppedAt}`));
    expect(modelBytes(out).equals(modelBytes(straight))).toBe(true);
    const weights = parseSafetensors(modelBytes(out));
    expect([...weights.tensors.values()].every((t) => t.data!.every(Number.isFinite))).toBe(true);
  });
});
