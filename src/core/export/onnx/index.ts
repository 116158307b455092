/**
 * ONNX export of sequence classifiers (BERT, DistilBERT, RoBERTa, and the studio's glove-cnn), laid out as transformers.js and Optimum expect:
 * onnx/model.onnx (float32) and onnx/model_quantized.onnx (int8 weights, what dtype 'q8' loads).
 * Inputs are int64 [batch_size, sequence_length]; the output is `logits` [batch_size, num_labels].
 * Opset 17 (LayerNormalization); every op is in the default domain.
 */
import { GraphBuilder, DT } from './graph';
import { buildBert, buildRoberta } from './bert';
import { buildDistilBert } from './distilbert';
import { buildGloveCnn } from './gloveCnn';
import type { HfConfig, WeightMap } from '../types';

export const ONNX_OPSET = 17;

/** The model_types the ONNX exporter can write, and the inputs each takes. */
const ARCHITECTURES: Record<string, { inputs: string[]; build: typeof buildBert }> = {
  bert: { inputs: ['input_ids', 'attention_mask', 'token_type_ids'], build: buildBert },
  distilbert: { inputs: ['input_ids', 'attention_mask'], build: buildDistilBert },
  roberta: { inputs: ['input_ids', 'attention_mask'], build: buildRoberta },
  'glove-cnn': { inputs: ['input_ids', 'attention_mask'], build: buildGloveCnn },
};

export function onnxSupports(modelType: string): boolean {
  return modelType in ARCHITECTURES;
}

export interface OnnxExportOptions {
  /** int8 weight-only quantisation (DequantizeLinear before each MatMul, gathered int8 embeddings). */
  quantize?: boolean;
}

export function buildOnnxModel(config: HfConfig, weights: WeightMap, opts: OnnxExportOptions = {}): Uint8Array {
  const arch = ARCHITECTURES[config.model_type];
  if (!arch) {
    throw new Error(`ONNX export: model_type "${config.model_type}" is not supported (supported: ${Object.keys(ARCHITECTURES).join(', ')}).`);
  }
  // BERT/DistilBERT end in `classifier`, RoBERTa in `classifier.out_proj`.
  const head = ['classifier.weight', 'classifier.out_proj.weight'].find((n) => Object.hasOwn(weights, n));
  const numLabels = head ? weights[head].shape[0] : 0;
  if (!numLabels) throw new Error('ONNX export: no classifier weight (classifier.weight or classifier.out_proj.weight) — is this a sequence classifier?');
  const g = new GraphBuilder();
  for (const name of arch.inputs) g.fresh(name);
  const logits = arch.build({ g, weights, quantize: opts.quantize ?? false }, config);
  g.opNamed('Identity', [logits], 'logits');
  const dims = ['batch_size', 'sequence_length'];
  return g.encode({
    graphName: `${config.model_type.replace(/-/g, '_')}_for_sequence_classification`,
    opset: ONNX_OPSET,
    inputs: arch.inputs.map((name) => ({ name, elemType: DT.INT64, dims })),
    outputs: [{ name: 'logits', elemType: DT.FLOAT, dims: ['batch_size', numLabels] }],
    docString: opts.quantize ? 'int8 weight-only quantised (symmetric, per output channel)' : 'float32',
  });
}
