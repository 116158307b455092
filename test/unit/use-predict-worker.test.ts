// The prediction worker's protocol without a Worker: the handler as a function of its messages (with a fake
// predictor), the client's id routing, crash and close handling, and both joined through structuredClone
// with transfer, as postMessage does.
import { describe, expect, it } from 'vitest';
import type { Predictor, PredictorInput, PredictResult } from '../../src/core/predict/predictor';
import { createPredictHandler, type OpenedPredictor } from '../../src/worker/predictHandler';
import { openPredictorInWorker, PredictWorkerUnavailableError, type PredictWorkerPort } from '../../src/worker/predictClient';
import type { PageToPredictWorker, PredictWorkerToPage } from '../../src/worker/predictProtocol';

const INPUT: PredictorInput = {
  config: { model_type: 'bert' },
  weights: { 'classifier.weight': { shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) } },
  tokenizer: { tokenizerJson: {}, tokenizerConfig: {}, extraFiles: {} },
  maxLength: 32,
};

/** Logit 0 = text length, logit 1 = pair length (or -1); probs share logits' buffer (transferred once). */
function fakePredictor(fail?: (texts: string[]) => string | null): Predictor {
  return {
    task: 'single_label_classification',
    labelNames: ['ham', 'spam'],
    numLabels: 2,
    async predict(texts, pairs) {
      const why = fail?.(texts);
      if (why) throw new TypeError(why);
      const buf = new Float32Array(texts.length * 4);
      texts.forEach((t, i) => { buf[2 * i] = t.length; buf[2 * i + 1] = pairs ? pairs[i].length : -1; });
      const n = texts.length * 2;
      for (let i = 0; i < n; i++) buf[n + i] = buf[i] / 10;
      return { logits: buf.subarray(0, n), probs: buf.subarray(n) };
    },
    dispose() {},
  };
}

function recordingHandler(open: (input: PredictorInput) => Promise<OpenedPredictor>) {
  const sent: { m: PredictWorkerToPage; transfer: Transferable[] }[] = [];
  const handle = createPredictHandler(open, (m, transfer) => sent.push({ m, transfer }));
  return { handle, sent };
}

describe('prediction worker handler', () => {
  it('opens once, then answers each request with its id, numbers and transferred buffer', async () => {
    let opens = 0;
    const { handle, sent } = recordingHandler(async (input) => {
      opens++;
      expect(input.weights['classifier.weight'].data[3]).toBe(4);
      return { predictor: fakePredictor(), backend: 'wasm' };
    });
    await handle({ type: 'open', payload: { input: INPUT } });
    await handle({ type: 'predict', payload: { requestId: 7, texts: ['abc', 'hello'], pairs: ['x', 'yy'] } });
    expect(opens).toBe(1);
    expect(sent[0].m).toEqual({ type: 'opened', payload: { task: 'single_label_classification', labelNames: ['ham', 'spam'], numLabels: 2, backend: 'wasm' } });
    const reply = sent[1].m;
    if (reply.type !== 'predicted') throw new Error(`expected predicted, got ${reply.type}`);
    expect(reply.payload.requestId).toBe(7);
    expect(Array.from(reply.payload.logits)).toEqual([3, 1, 5, 2]);
    expect(Array.from(reply.payload.probs)).toEqual([3, 1, 5, 2].map((v) => Math.fround(v / 10)));
    expect(sent[1].transfer).toEqual([reply.payload.logits.buffer]);
  });

  it('a request sent before the model is open waits for it; requests run one at a time, in order', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const order: string[] = [];
    const predictor = fakePredictor();
    const slowFirst: Predictor = {
      ...predictor,
      async predict(texts, pairs) {
        order.push(`start ${texts[0]}`);
        if (texts[0] === 'first') await new Promise((r) => setTimeout(r, 20));
        order.push(`end ${texts[0]}`);
        return predictor.predict(texts, pairs);
      },
    };
    const { handle, sent } = recordingHandler(async () => { await gate; return { predictor: slowFirst, backend: 'cpu' }; });
    const opened = handle({ type: 'open', payload: { input: INPUT } });
    const a = handle({ type: 'predict', payload: { requestId: 1, texts: ['first'] } });
    const b = handle({ type: 'predict', payload: { requestId: 2, texts: ['second'] } });
    await new Promise((r) => setTimeout(r, 5));
    expect(sent).toEqual([]);
    release();
    await Promise.all([opened, a, b]);
    expect(order).toEqual(['start first', 'end first', 'start second', 'end second']);
    expect(sent.map(({ m }) => (m.type === 'predicted' ? m.payload.requestId : m.type))).toEqual(['opened', 1, 2]);
  });

  it('a failed prediction is answered as a serialized error for its id, and later requests still work', async () => {
    const { handle, sent } = recordingHandler(async () => ({ predictor: fakePredictor((t) => (t[0] === 'bad' ? 'tensor input_ids has a NaN' : null)), backend: 'wasm' }));
    await handle({ type: 'open', payload: { input: INPUT } });
    await handle({ type: 'predict', payload: { requestId: 3, texts: ['bad'] } });
    await handle({ type: 'predict', payload: { requestId: 4, texts: ['good'] } });
    expect(sent[1].m).toEqual({ type: 'error', payload: { requestId: 3, error: { name: 'TypeError', message: 'tensor input_ids has a NaN' } } });
    expect(sent[2].m.type).toBe('predicted');
  });

  it('a failed open is reported, and fails every later request with its reason; a second open is refused', async () => {
    const { handle, sent } = recordingHandler(async () => { throw new Error('This model is incomplete: 3 weights are missing (first: classifier.bias).'); });
    await handle({ type: 'open', payload: { input: INPUT } });
    await handle({ type: 'predict', payload: { requestId: 9, texts: ['x'] } });
    await handle({ type: 'open', payload: { input: INPUT } });
    expect(sent.map(({ m }) => m)).toEqual([
      { type: 'error', payload: { error: { name: 'Error', message: 'This model is incomplete: 3 weights are missing (first: classifier.bias).' } } },
      { type: 'error', payload: { requestId: 9, error: { name: 'Error', message: 'This model is incomplete: 3 weights are missing (first: classifier.bias).' } } },
      { type: 'error', payload: { error: { name: 'Error', message: 'a model is already open in this prediction worker' } } },
    ]);
  });

  it('a request without an open model fails with a clear message', async () => {
    const { handle, sent } = recordingHandler(async () => ({ predictor: fakePredictor(), backend: 'wasm' }));
    await handle({ type: 'predict', payload: { requestId: 1, texts: ['x'] } });
    expect(sent[0].m).toEqual({ type: 'error', payload: { requestId: 1, error: { name: 'Error', message: 'no model is open in the prediction worker' } } });
  });
});

/** A fake Worker whose replies the test sends by hand; records what the client posts. */
function manualPort() {
  const posted: PageToPredictWorker[] = [];
  let terminated = 0;
  let toPage!: (m: PredictWorkerToPage) => void;
  let crash!: (message: string) => void;
  const port: PredictWorkerPort = {
    post: (m) => posted.push(m),
    listen(onMessage, onError) { toPage = onMessage; crash = onError; },
    terminate: () => { terminated++; },
  };
  return { port, posted, reply: (m: PredictWorkerToPage) => toPage(m), crash: (s: string) => crash(s), terminated: () => terminated };
}

const OPENED: PredictWorkerToPage = { type: 'opened', payload: { task: 'multi_label_classification', labelNames: ['a', 'b', 'c'], numLabels: 3, backend: 'wasm' } };
const result = (v: number): { logits: Float32Array; probs: Float32Array } => ({ logits: new Float32Array([v]), probs: new Float32Array([v / 2]) });

describe('prediction worker client', () => {
  it('sends the model once, and routes replies that arrive out of order to their own calls', async () => {
    const w = manualPort();
    const opening = openPredictorInWorker(INPUT, () => w.port);
    expect(w.posted).toEqual([{ type: 'open', payload: { input: INPUT } }]);
    w.reply(OPENED);
    const p = await opening;
    expect([p.task, p.labelNames, p.numLabels, p.backend]).toEqual(['multi_label_classification', ['a', 'b', 'c'], 3, 'wasm']);
    const first = p.predict(['one']);
    const second = p.predict(['two', 'three'], ['x', 'y'], 8);
    expect(w.posted.slice(1)).toEqual([
      { type: 'predict', payload: { requestId: 1, texts: ['one'], pairs: undefined, batchSize: undefined } },
      { type: 'predict', payload: { requestId: 2, texts: ['two', 'three'], pairs: ['x', 'y'], batchSize: 8 } },
    ]);
    w.reply({ type: 'predicted', payload: { requestId: 2, ...result(22) } });
    w.reply({ type: 'predicted', payload: { requestId: 1, ...result(11) } });
    expect(Array.from((await first).logits)).toEqual([11]);
    expect(Array.from((await second).probs)).toEqual([11]);
    expect(w.posted.filter((m) => m.type === 'open')).toHaveLength(1);
  });

  it('a failed request rejects with the worker error name and message; others are unaffected', async () => {
    const w = manualPort();
    const opening = openPredictorInWorker(INPUT, () => w.port);
    w.reply(OPENED);
    const p = await opening;
    const bad = p.predict(['bad']);
    const good = p.predict(['good']);
    w.reply({ type: 'error', payload: { requestId: 1, error: { name: 'RangeError', message: 'row 1: text too long' } } });
    w.reply({ type: 'predicted', payload: { requestId: 2, ...result(3) } });
    await expect(bad).rejects.toMatchObject({ name: 'RangeError', message: 'row 1: text too long' });
    expect(Array.from((await good).logits)).toEqual([3]);
  });

  it('a crash rejects every pending call with a clear message, and later calls too', async () => {
    const w = manualPort();
    const opening = openPredictorInWorker(INPUT, () => w.port);
    w.reply(OPENED);
    const p = await opening;
    const pending = [p.predict(['a']), p.predict(['b'])];
    w.crash('out of memory');
    for (const call of pending) await expect(call).rejects.toThrow('The prediction worker crashed: out of memory');
    await expect(p.predict(['c'])).rejects.toThrow('The prediction worker crashed: out of memory');
    expect(w.terminated()).toBe(1);
  });

  it('a crash before the model is open means no worker: PredictWorkerUnavailableError (the page falls back)', async () => {
    const w = manualPort();
    const opening = openPredictorInWorker(INPUT, () => w.port);
    w.crash('Failed to fetch a dynamically imported module');
    const err = await opening.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PredictWorkerUnavailableError);
    expect((err as Error).message).toBe('the prediction worker failed before the model was open: Failed to fetch a dynamically imported module');
    const cannot = await openPredictorInWorker(INPUT, () => { throw new Error('Worker is not defined'); }).catch((e: unknown) => e);
    expect(cannot).toBeInstanceOf(PredictWorkerUnavailableError);
    expect((cannot as Error).message).toBe('could not start a prediction worker: Worker is not defined');
    const w2 = manualPort();
    w2.port.post = () => { throw new DOMException('Float32Array could not be cloned.', 'DataCloneError'); };
    const uncloneable = await openPredictorInWorker(INPUT, () => w2.port).catch((e: unknown) => e);
    expect(uncloneable).toBeInstanceOf(PredictWorkerUnavailableError);
    expect((uncloneable as Error).message).toBe('could not send the model to the prediction worker: Float32Array could not be cloned.');
    expect(w2.terminated()).toBe(1);
  });

  it('a bad model is an error (not a fallback), and the worker is ended', async () => {
    const w = manualPort();
    const opening = openPredictorInWorker(INPUT, () => w.port);
    w.reply({ type: 'error', payload: { error: { name: 'Error', message: 'This model is incomplete' } } });
    const err = await opening.catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(PredictWorkerUnavailableError);
    expect((err as Error).message).toBe('This model is incomplete');
    expect(w.terminated()).toBe(1);
  });

  it('dispose ends the worker and rejects pending and later calls', async () => {
    const w = manualPort();
    const opening = openPredictorInWorker(INPUT, () => w.port);
    w.reply(OPENED);
    const p = await opening;
    const pending = p.predict(['a']);
    p.dispose();
    p.dispose();
    await expect(pending).rejects.toThrow('The model was closed.');
    await expect(p.predict(['b'])).rejects.toThrow('The model was closed.');
    expect(w.terminated()).toBe(1);
  });
});

describe('client and handler joined as postMessage joins them (structuredClone with transfer)', () => {
  it('concurrent calls each get their own numbers; the weights cross once', async () => {
    let opens = 0;
    const port: PredictWorkerPort = {
      post() {},
      listen(onMessage) {
        const handle = createPredictHandler(
          async (input) => { opens++; expect(input.weights['classifier.weight'].data).toEqual(new Float32Array([1, 2, 3, 4])); return { predictor: fakePredictor(), backend: 'wasm' }; },
          (m, transfer) => { const copy = structuredClone(m, { transfer }); setTimeout(() => onMessage(copy), 0); },
        );
        this.post = (m) => { const copy = structuredClone(m); setTimeout(() => void handle(copy), 0); };
      },
      terminate() {},
    };
    const p = await openPredictorInWorker(INPUT, () => port);
    const calls: Promise<PredictResult>[] = [p.predict(['a', 'bbbb']), p.predict(['cc'], ['zzz']), p.predict(['ddddddd'])];
    const got = await Promise.all(calls);
    expect(got.map((r) => Array.from(r.logits))).toEqual([[1, -1, 4, -1], [2, 3], [7, -1]]);
    expect(got.map((r) => Array.from(r.probs))).toEqual([[0.1, -0.1, 0.4, -0.1], [0.2, 0.3], [0.7, -0.1]].map((a) => a.map(Math.fround)));
    expect(opens).toBe(1);
  });
});
