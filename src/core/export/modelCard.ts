/**
 * README.md model card for an exported model: Hub-style YAML front matter, then what a person needs to
 * judge and use the model — base model, data and splits, hyperparameters, best epoch, validation and test
 * metrics, confusion matrix, thresholds, intended use and limits.
 */
import type { JobSpec } from '../spec/jobSpec';
import type { EvalMetrics } from '../train/metrics';
import type { TaskKind } from '../model/types';
import type { Thresholds } from './types';

export interface TrainingSummary {
  validation?: EvalMetrics;
  test?: EvalMetrics;
  /** 1-based epoch (and optimizer step) of the checkpoint exported. */
  bestEpoch?: number;
  bestStep?: number;
  /** Which backend trained it and how long it took, for reproducibility notes. */
  backend?: string;
  trainingSeconds?: number;
  /** Where it was trained: the studio in a browser, or the command line in Node. */
  trainedIn?: 'browser' | 'cli';
  /** The hyperparameter search that chose this model, when one did. */
  study?: StudySummary;
}

/** A hyperparameter search as the card records it (built by src/core/search/summary.ts). */
export interface StudySummary {
  sampler: string;
  pruner: string;
  objective: { metric: string; direction: string };
  trials: { total: number; complete: number; pruned: number; failed: number };
  bestTrial: number;
  bestValue: number;
  /** Each searched parameter: its range and the best trial's value (undefined when it was not sampled). */
  params: { name: string; range: string; best: number | string | boolean | undefined }[];
}

export interface ModelCardInput {
  modelType: string;
  task: TaskKind;
  labelNames: string[];
  spec?: JobSpec;
  summary?: TrainingSummary;
  thresholds?: Thresholds;
  /** ISO date of the export. */
  date?: string;
  /** The paths the folder holds; the card's Files section lists these and nothing else. */
  files?: string[];
}

/**
 * The studio's own architectures: Hugging Face transformers has no class for them (config.json names one,
 * e.g. GlovePoolForSequenceClassification, that only FineTune Studio implements), so the card must not
 * claim `library_name: transformers` for them.
 */
const STUDIO_ONLY_TYPES = new Set(['glove-pool', 'glove-cnn']);

export function loadableByTransformers(modelType: string): boolean {
  return !STUDIO_ONLY_TYPES.has(modelType);
}

/** Whether the folder holds the float ONNX export. */
const hasOnnx = (input: ModelCardInput) => input.files?.includes('onnx/model.onnx') ?? false;

/** Front matter: which library loads the folder (ONNX Runtime for the studio's own architectures, when exported). */
function frontMatter(input: ModelCardInput): string[] {
  const library = loadableByTransformers(input.modelType) ? 'transformers' : hasOnnx(input) ? 'onnx' : undefined;
  const front = ['---', ...(library ? [`library_name: ${library}`] : []), 'pipeline_tag: text-classification', 'tags:', '- finetune-studio', `- ${input.modelType}`];
  const base = input.spec?.model.id;
  if (base && input.spec?.model.source === 'hub') front.push(`base_model: ${base}`);
  front.push('---', '');
  return front;
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(4));
const escapeCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function metricsTable(m: EvalMetrics): string[] {
  const rows: [string, number][] = [['loss', m.loss]];
  if (m.kind === 'single') rows.push(['accuracy', m.accuracy], ['macro F1', m.macro_f1]);
  if (m.kind === 'multi') rows.push(['micro F1', m.micro_f1], ['macro F1', m.macro_f1], ['exact match', m.exactMatch]);
  if (m.kind === 'regression') rows.push(['MSE', m.mse], ['MAE', m.mae], ['R²', m.r2]);
  rows.push(['examples', m.count]);
  const out = ['| metric | value |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${fmt(v)} |`)];
  if (m.kind !== 'regression') {
    out.push('', '| class | precision | recall | F1 | support |', '|---|---|---|---|---|');
    for (const c of m.perClass) out.push(`| ${escapeCell(c.label)} | ${fmt(c.precision)} | ${fmt(c.recall)} | ${fmt(c.f1)} | ${c.support} |`);
  }
  return out;
}

function confusionTable(m: EvalMetrics, labels: string[]): string[] {
  if (m.kind !== 'single') return [];
  const head = `| true ↓ / predicted → | ${labels.map(escapeCell).join(' | ')} |`;
  const sep = `|---|${labels.map(() => '---').join('|')}|`;
  return ['', 'Confusion matrix (rows: true class, columns: predicted):', '', head, sep,
    ...m.confusion.map((row, i) => `| **${escapeCell(labels[i])}** | ${row.join(' | ')} |`)];
}

function studyLines(s: StudySummary): string[] {
  const t = s.trials;
  const v = (x: StudySummary['params'][number]['best']) => (x === undefined ? '(not sampled)' : typeof x === 'number' ? String(Number(x.toPrecision(4))) : String(x));
  return ['## Hyperparameter search', '',
    `Chosen by a search over ${t.total} trials (${t.complete} complete, ${t.pruned} pruned, ${t.failed} failed): sampler ${s.sampler}, pruner ${s.pruner}, ` +
    `objective validation ${s.objective.metric} (${s.objective.direction}). Best: trial ${s.bestTrial}, ${s.objective.metric} ${fmt(s.bestValue)}. ` +
    'The test split was scored once, for this model only.', '',
    '| parameter | searched | best |', '|---|---|---|', ...s.params.map((p) => `| ${escapeCell(p.name)} | ${escapeCell(p.range)} | ${escapeCell(v(p.best))} |`), ''];
}

function thresholdLines(t: Thresholds): string[] {
  const where = 'It is stored in config.json under `finetune_studio.thresholds`; apply it to the probabilities yourself when using other tools.';
  if (Object.keys(t.values).length === 0 && t.minConfidence !== undefined) {
    return ['## Confidence cut-off', '', `The predicted class is the most probable one; when its probability is below ${t.minConfidence.toFixed(2)} ` +
      `the outcome is "uncertain" (for a person to check). ${where}`, ''];
  }
  return ['## Decision thresholds', '', `Tuned on the validation split to maximise ${t.metric}` +
    (t.tunedScore !== undefined ? ` (${fmt(t.tunedScore)} vs ${fmt(t.defaultScore ?? NaN)} at 0.5)` : '') + '. ' +
    'They are stored in config.json under `finetune_studio.thresholds`; apply them to the probabilities yourself when using other tools.', '',
    '| label | threshold |', '|---|---|', ...Object.entries(t.values).map(([l, v]) => `| ${escapeCell(l)} | ${v.toFixed(4)} |`), ''];
}

function hyperparameterLines(spec: JobSpec): string[] {
  const h = spec.hyperparameters;
  const head = h.headLearningRate.mode === 'multiplier' ? `${h.headLearningRate.value}× body` : String(h.headLearningRate.value);
  const freeze = h.freeze.headOnly ? 'head only' : [h.freeze.embeddings ? 'embeddings' : '', h.freeze.firstLayers ? `first ${h.freeze.firstLayers} layers` : ''].filter(Boolean).join(', ') || 'none';
  return [
    '| hyperparameter | value |', '|---|---|',
    `| epochs | ${h.epochs} |`, `| batch size | ${h.batchSize} (× ${h.gradientAccumulationSteps} accumulation) |`,
    `| learning rate | ${h.learningRate} (head: ${head}) |`, `| schedule | ${h.schedule}, warmup ${h.warmup.value} ${h.warmup.mode} |`,
    `| weight decay | ${h.weightDecay} |`, `| layer-wise lr decay | ${h.layerwiseLrDecay} |`, `| frozen | ${freeze} |`,
    `| max gradient norm | ${h.maxGradNorm} |`, `| max sequence length | ${h.maxSequenceLength} |`,
    `| class weights | ${h.classWeights.mode} |`, `| oversampling | ${h.oversampling ? 'yes' : 'no'} |`,
    `| decision threshold | ${h.decisionThreshold === 'tuned' ? 'tuned on validation' : 'argmax'} |`, `| seed | ${h.seed} |`,
  ];
}

/** What Auto chose and why (and what a person changed afterwards). */
function autoLines(spec: JobSpec): string[] {
  const decisions = spec.auto?.decisions ?? [];
  if (decisions.length === 0) return [];
  return ['### Chosen by Auto', '', 'These settings were chosen from the model and the data before training:', '',
    '| setting | value | why |', '|---|---|---|',
    ...decisions.map((d) => `| ${escapeCell(d.field.replace(/^hyperparameters\./, ''))} | ${escapeCell(String(d.value))}${d.overridden ? ' (overridden: see the table above)' : ''} | ${escapeCell(d.why)} |`), ''];
}

export function buildModelCard(input: ModelCardInput): string {
  const { spec, summary, thresholds, task, labelNames } = input;
  const base = spec?.model.id;
  const lines = [...frontMatter(input), `# ${spec?.name ?? `${input.modelType} sequence classifier`}`, '',
    `A ${input.modelType} ${task.replace(/_/g, ' ')} model fine-tuned with FineTune Studio${trainedWhere(summary)}.`, ''];
  lines.push('## Model', '', `- Base model: ${base ? `\`${base}\` (${spec?.model.source})` : 'unknown'}`,
    `- Task: ${task}`, `- Labels: ${labelNames.map((l, i) => `${i} = ${l}`).join(', ') || 'none (regression)'}`);
  if (input.date) lines.push(`- Exported: ${input.date}`);
  lines.push('');
  if (spec) {
    const d = spec.dataset;
    lines.push('## Data', '', `- Dataset: ${d.name} (text column \`${d.textColumn}\`${d.textPairColumn ? `, pair column \`${d.textPairColumn}\`` : ''}, label column \`${d.labelColumn}\`)`,
      `- Splits: train ${d.splitCounts.train}, validation ${d.splitCounts.validation}, test ${d.splitCounts.test} (${d.splitMethod})`, '',
      '## Training', '', ...hyperparameterLines(spec), '', ...autoLines(spec));
  }
  if (summary?.study) lines.push(...studyLines(summary.study));
  if (summary?.bestEpoch !== undefined) lines.push(`Best checkpoint: epoch ${summary.bestEpoch}${summary.bestStep !== undefined ? `, step ${summary.bestStep}` : ''}.`, '');
  if (summary?.backend) lines.push(`Trained on the ${summary.backend} backend${summary.trainingSeconds ? ` in ${Math.round(summary.trainingSeconds)} s` : ''}.`, '');
  for (const [name, m] of [['Validation', summary?.validation], ['Test', summary?.test]] as const) {
    if (!m) continue;
    lines.push(`## ${name} results`, '', ...metricsTable(m), ...confusionTable(m, labelNames), '');
  }
  if (thresholds) lines.push(...thresholdLines(thresholds));
  lines.push('## Intended use and limits', '',
    `- Classifies short texts like those it was trained on${spec ? ` (${spec.dataset.name})` : ''}; texts from other sources, languages or time periods may be classified poorly.`,
    `- Inputs longer than ${spec?.hyperparameters.maxSequenceLength ?? 'the training sequence length'} tokens are truncated.`,
    '- The metrics above come from a small held-out split; check the model on your own data before relying on it, and keep a person in the loop for decisions that matter.',
    '- The model inherits the biases of its base model and its training data.', '',
    ...filesSection(input.modelType, input.files));
  return lines.join('\n');
}

function trainedWhere(summary: TrainingSummary | undefined): string {
  if (summary?.trainedIn === 'browser') return ' in the browser';
  if (summary?.trainedIn === 'cli') return ' on the command line (Node)';
  return '';
}

/** One line per file the folder holds, saying what reads it; a studio-only architecture says what loads it instead of transformers. */
function filesSection(modelType: string, files: string[] | undefined): string[] {
  const has = (f: string) => files?.includes(f) ?? false;
  const hf = loadableByTransformers(modelType);
  const out = ['## Files', ''];
  out.push(hf
    ? '- `model.safetensors`, `config.json`, tokenizer files: Hugging Face transformers (PyTorch) layout — `AutoModelForSequenceClassification.from_pretrained(folder)`.'
    : `- \`model.safetensors\`, \`config.json\`, tokenizer files: weights under Hugging Face-style names, but \`model_type: ${modelType}\` is a FineTune Studio ` +
      'architecture that Hugging Face transformers and transformers.js cannot load. Load it with FineTune Studio: the Use stage\'s "Import a model" ' +
      '(this folder or its zip), or `npx finetune-studio predict --model <folder> --data file.csv --text-column text --out predictions.csv`.');
  const runtimes = hf ? 'ONNX Runtime and transformers.js' : 'ONNX Runtime';
  if (has('onnx/model.onnx')) out.push(`- \`onnx/model.onnx\` (float32): ${runtimes}.`);
  if (has('onnx/model_quantized.onnx')) out.push(`- \`onnx/model_quantized.onnx\` (int8 weights): ${runtimes}${hf ? ' (`dtype: \'q8\'`)' : ''}.`);
  if (!hf && has('onnx/model.onnx')) {
    out.push('- ONNX inputs: `input_ids` and `attention_mask`, int64 `[batch_size, sequence_length]`, from `tokenizer.json` (e.g. Hugging Face `tokenizers`: ' +
      '`Tokenizer.from_file("tokenizer.json")`, special tokens added); output `logits` `[batch_size, num_labels]`; softmax gives the probabilities.');
  }
  if (has('tfjs/model.json')) out.push('- `tfjs/model.json` and its weight shards: TensorFlow.js (`tf.io.loadWeights`).');
  out.push('');
  return out;
}
