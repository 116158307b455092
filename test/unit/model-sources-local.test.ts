import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { assembleLocalModel, type LocalFileLike } from '../../src/core/model/sources/local';
import { ModelSourceError } from '../../src/core/model/sources/errors';
import { modelKeyOf, parseModelKey, rememberLocalModel, resolveModelKey } from '../../src/core/model/sources/modelKey';
import type { FileCache } from '../../src/core/model/sources/types';

const fixture = path.resolve(__dirname, '../fixtures/hub/ftstudio-fixtures');

/** File-like objects as <input webkitdirectory> gives them: webkitRelativePath-style paths. */
function folder(repo: string, prefix: string, skip: string[] = []): LocalFileLike[] {
  return fs.readdirSync(path.join(fixture, repo)).filter((f) => !skip.includes(f)).map((f) => ({
    path: `${prefix}/${f}`,
    arrayBuffer: async () => { const b = fs.readFileSync(path.join(fixture, repo, f)); return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength); },
  }));
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(ModelSourceError);
  return `${(e as ModelSourceError).code}: ${(e as Error).message}`;
}

describe('assembleLocalModel', () => {
  it('builds ModelFiles from a picked folder', async () => {
    const files = await assembleLocalModel(folder('tiny-bert', 'my-bert'));
    expect(files.source).toEqual({ kind: 'local', name: 'my-bert' });
    expect(files.config.model_type).toBe('bert');
    expect(files.weights.byteLength).toBe(fs.statSync(path.join(fixture, 'tiny-bert/model.safetensors')).size);
    expect((files.tokenizerConfig as { do_lower_case: boolean }).do_lower_case).toBe(true);
    expect(files.extraFiles['vocab.txt'].split('\n')[101]).toBe('[CLS]');
  });

  it('finds the model folder inside a dropped parent folder and ignores other files', async () => {
    const files = await assembleLocalModel([
      ...folder('tiny-distilbert', 'downloads/models/distil'),
      { path: 'downloads/readme.txt', arrayBuffer: async () => new ArrayBuffer(3) },
      ...folder('tiny-bert', 'downloads/models/distil/checkpoint-500/nested', []),
    ]);
    expect(files.source).toEqual({ kind: 'local', name: 'distil' });
    expect(files.config.model_type).toBe('distilbert');
  });

  it('names the missing file', async () => {
    expect(await codeOf(assembleLocalModel(folder('tiny-bert', 'm', ['tokenizer.json']))))
      .toMatch(/^missing-file: The folder "m" has no tokenizer.json/);
    expect(await codeOf(assembleLocalModel(folder('tiny-bert', 'm', ['config.json', 'tokenizer.json']))))
      .toContain('has no config.json, tokenizer.json');
    expect(await codeOf(assembleLocalModel(folder('tiny-bert-bin-only', 'bin'))))
      .toMatch(/^bin-only: The folder "bin" has pytorch_model.bin but no model.safetensors/);
    expect(await codeOf(assembleLocalModel([]))).toContain('empty');
  });

  it('rejects a broken config.json or safetensors with the file named', async () => {
    const broken = folder('tiny-bert', 'b').map((f) => f.path.endsWith('config.json') && !f.path.includes('tokenizer')
      ? { ...f, arrayBuffer: async () => new TextEncoder().encode('{"model_type": ').buffer } : f);
    expect(await codeOf(assembleLocalModel(broken))).toMatch(/^bad-file: config.json from the folder "b" is not valid JSON/);
    const notSafetensors = folder('tiny-bert', 'c').map((f) => f.path.endsWith('.safetensors')
      ? { ...f, arrayBuffer: async () => new TextEncoder().encode('<html>not found</html>').buffer } : f);
    expect(await codeOf(assembleLocalModel(notSafetensors))).toMatch(/^bad-file: model.safetensors from the folder "c" is not a safetensors file/);
  });
});

describe('model keys', () => {
  it('round-trip every source', () => {
    const sources = [
      { kind: 'bundled', id: 'offline-glove' },
      { kind: 'local', name: 'my model' },
      { kind: 'hub', id: 'prajjwal1/bert-mini', revision: 'main', host: 'https://huggingface.co' },
    ] as const;
    for (const s of sources) expect(parseModelKey(modelKeyOf(s))).toEqual(s);
    expect(modelKeyOf(sources[2])).toBe('hub:prajjwal1/bert-mini@main https://huggingface.co');
    expect(() => parseModelKey('nonsense')).toThrow(/not a model key/);
  });

  it('a remembered local folder resolves from the cache; a forgotten one says to pick it again', async () => {
    const m = new Map<string, ArrayBuffer>();
    const cache: FileCache = { get: async (k) => m.get(k), put: async (k, v) => { m.set(k, v); } };
    const files = await assembleLocalModel(folder('tiny-bert', 'kept'));
    await rememberLocalModel(files, cache);
    const back = await resolveModelKey('local:kept', { cache, baseUrl: 'http://unused/' });
    expect(back.fromCache).toBe(true);
    expect(back.files.config).toEqual(files.config);
    expect(back.files.weights.byteLength).toBe(files.weights.byteLength);
    expect(back.files.extraFiles['vocab.txt']).toBe(files.extraFiles['vocab.txt']);
    expect(await codeOf(resolveModelKey('local:other', { cache, baseUrl: 'http://unused/' }))).toContain('pick or drop the folder again');
  });
});
