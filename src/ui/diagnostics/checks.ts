/**
 * What the "Check your backends" page runs: a fixed batch, one worker per backend, and the comparison of
 * every backend's logits and gradients with the cpu backend's (the reference: the cpu engine matches
 * PyTorch in the unit tests).
 */
import { errorFromPayload } from '../../core/errors';
import type { BackendName } from '../../core/model/backends';
import type { CheckBatch, CheckPayload, CheckResult, WorkerToPage } from '../../worker/diagnosticsProtocol';

/** A tiny BERT with the real vocabulary, randomly initialised (seeded): checks work with no download. */
export const BUILTIN_CONFIG: Record<string, unknown> = {
  model_type: 'bert', vocab_size: 30522, hidden_size: 32, num_hidden_layers: 2, num_attention_heads: 4,
  intermediate_size: 64, max_position_embeddings: 512, type_vocab_size: 2, hidden_act: 'gelu',
  initializer_range: 0.2, layer_norm_eps: 1e-12,
};

/** Larger built-in shapes for speed checks (random weights): ?shape=bert-tiny or bert-mini. */
export const SPEED_SHAPES: Record<string, Record<string, unknown>> = {
  'bert-tiny': { ...BUILTIN_CONFIG, hidden_size: 128, num_attention_heads: 2, intermediate_size: 512, initializer_range: 0.02 },
  'bert-mini': { ...BUILTIN_CONFIG, hidden_size: 256, num_hidden_layers: 4, num_attention_heads: 4, intermediate_size: 1024, initializer_range: 0.02 },
};

/** `size` full-length sequences of `seq` tokens with deterministic ids, for speed checks. */
export function speedBatch(size: number, seq: number): CheckBatch {
  const ids = Array.from({ length: size }, (_, i) => Array.from({ length: seq }, (_, j) => 1000 + ((i * 7919 + j * 104729) % 28000)));
  return { ids, targets: ids.map((_, i) => i % 2) };
}

/** Four examples of different lengths (so padding and the attention mask matter), two of them text pairs. */
export function fixedBatch(): CheckBatch {
  const lengths = [12, 7, 16, 9];
  const ids: number[][] = [];
  const typeIds: number[][] = [];
  lengths.forEach((len, i) => {
    const row = [101];
    for (let j = 1; j < len - 1; j++) row.push(1000 + ((i * 7919 + j * 104729) % 28000));
    row.push(102);
    const types = new Array<number>(len).fill(0);
    if (i % 2 === 0) {
      const cut = Math.floor(len / 2);
      row[cut] = 102;
      types.fill(1, cut + 1);
    }
    ids.push(row);
    typeIds.push(types);
  });
  return { ids, typeIds, targets: [0, 1, 1, 0] };
}

export interface BackendReport {
  backend: BackendName;
  ok: boolean;
  error?: string;
  result?: CheckResult;
  /** max |logits − cpu logits| */
  maxLogitDiff?: number;
  /** max over every weight of max |grad − cpu grad| */
  maxGradDiff?: number;
  /** maxGradDiff / max |cpu grad| */
  relGradDiff?: number;
  /** |gradNorm − cpu gradNorm| / cpu gradNorm */
  relGradNormDiff?: number;
  leaked?: number;
}

export function runCheck(payload: CheckPayload): Promise<CheckResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('../../worker/diagnostics.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<WorkerToPage>) => {
      worker.terminate();
      const msg = e.data;
      if (msg.type === 'result') resolve(msg.payload);
      else reject(errorFromPayload(msg.payload));
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(`the ${payload.backend} worker crashed: ${e.message || 'unknown error'}`));
    };
    worker.postMessage({ type: 'check', payload });
  });
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Fills the comparison fields of `report` against the cpu result. */
export function compareWithCpu(report: BackendReport, cpu: CheckResult | undefined): BackendReport {
  const r = report.result;
  if (!r) return report;
  const leaked = r.tensorsAfter - r.tensorsBefore;
  if (!cpu) return { ...report, leaked };
  let maxGrad = 0;
  let maxRef = 0;
  for (const [name, g] of Object.entries(cpu.grads)) {
    const other = r.grads[name];
    if (!other) throw new Error(`${report.backend} returned no gradient for ${name}`);
    maxGrad = Math.max(maxGrad, maxAbsDiff(other, g));
    for (const v of g) maxRef = Math.max(maxRef, Math.abs(v));
  }
  return {
    ...report, leaked, maxLogitDiff: maxAbsDiff(r.logits, cpu.logits), maxGradDiff: maxGrad, relGradDiff: maxGrad / (maxRef || 1),
    relGradNormDiff: Math.abs(r.gradNorm - cpu.gradNorm) / (cpu.gradNorm || 1),
  };
}

/** The JSON the page shows under "Raw results" (and the browser test reads). */
export function summarize(reports: BackendReport[]) {
  return reports.map((r) => ({
    backend: r.backend, ok: r.ok, error: r.error, active: r.result?.active, adapter: r.result?.adapter, threads: r.result?.threads, threadsNote: r.result?.threadsNote,
    logits: r.result ? Array.from(r.result.logits) : undefined, loss: r.result?.loss,
    gradients: r.result ? Object.keys(r.result.grads).length : undefined,
    maxLogitDiff: r.maxLogitDiff, maxGradDiff: r.maxGradDiff, relGradDiff: r.relGradDiff,
    gradNorm: r.result?.gradNorm, relGradNormDiff: r.relGradNormDiff, deviceErrors: r.result?.deviceErrors,
    tensorsBefore: r.result?.tensorsBefore, tensorsAfter: r.result?.tensorsAfter, leaked: r.leaked,
    firstStepMs: r.result?.firstStepMs, msPerStep: r.result?.msPerStep, lossFirst: r.result?.lossFirst, lossLast: r.result?.lossLast,
  }));
}
