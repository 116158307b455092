/**
 * A small builder for ONNX graphs: nodes, initializers and constants with generated unique names, encoded
 * with onnx-proto (the ONNX protobuf schema compiled for JavaScript). Weights are always stored little-endian
 * in raw_data, as ONNX requires.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
export type OnnxModelProto = InstanceType<typeof onnx.ModelProto>;

export const DT = { FLOAT: 1, INT8: 3, INT64: 7 } as const;

type AttrValue = number | number[] | string | { float: number };

export interface NodeOpts {
  name?: string;
  attrs?: Record<string, AttrValue>;
}

/** Little-endian bytes of a typed array (every platform we run on is LE, but copy so the view is exact). */
function rawBytes(data: Float32Array | Int8Array | BigInt64Array): Uint8Array {
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}

function attribute(name: string, v: AttrValue) {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof v === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: T.INTS, ints: v };
  if (typeof v === 'object') return { name, type: T.FLOAT, f: v.float };
  return { name, type: T.INT, i: v };
}

export class GraphBuilder {
  private readonly nodes: InstanceType<typeof onnx.NodeProto>[] = [];
  private readonly initializers: InstanceType<typeof onnx.TensorProto>[] = [];
  private readonly names = new Set<string>();
  private counter = 0;
  /** Small constants (scalars, shapes, axes) are stored once and shared by every node that uses them. */
  private readonly constants = new Map<string, string>();

  /** A fresh tensor name with a readable prefix. */
  fresh(prefix: string): string {
    let name = prefix;
    while (this.names.has(name)) name = `${prefix}_${++this.counter}`;
    this.names.add(name);
    return name;
  }

  /** Adds one node; returns its (single) output name. */
  op(opType: string, inputs: string[], opts: NodeOpts = {}): string {
    return this.opMulti(opType, inputs, 1, opts)[0];
  }

  opMulti(opType: string, inputs: string[], nOutputs: number, opts: NodeOpts = {}): string[] {
    const base = opts.name ?? opType.toLowerCase();
    const outputs = Array.from({ length: nOutputs }, (_, i) => this.fresh(nOutputs === 1 ? base : `${base}_out${i}`));
    const attrs = Object.entries(opts.attrs ?? {}).map(([k, v]) => attribute(k, v));
    this.nodes.push(onnx.NodeProto.create({ opType, input: inputs, output: outputs, name: this.fresh(`${base}_node`), attribute: attrs }));
    return outputs;
  }

  /** Adds a node whose output name is given (the graph outputs must keep their public names). */
  opNamed(opType: string, inputs: string[], output: string, opts: NodeOpts = {}): string {
    this.names.add(output);
    const attrs = Object.entries(opts.attrs ?? {}).map(([k, v]) => attribute(k, v));
    this.nodes.push(onnx.NodeProto.create({ opType, input: inputs, output: [output], name: this.fresh(`${output}_node`), attribute: attrs }));
    return output;
  }

  floatTensor(name: string, dims: number[], data: Float32Array): string {
    const n = this.fresh(name);
    this.initializers.push(onnx.TensorProto.create({ name: n, dims, dataType: DT.FLOAT, rawData: rawBytes(data) }));
    return n;
  }

  int8Tensor(name: string, dims: number[], data: Int8Array): string {
    const n = this.fresh(name);
    this.initializers.push(onnx.TensorProto.create({ name: n, dims, dataType: DT.INT8, rawData: rawBytes(data) }));
    return n;
  }

  int64Tensor(name: string, dims: number[], values: number[]): string {
    const key = `i64:${dims.join('x')}:${values.join(',')}`;
    const known = this.constants.get(key);
    if (known) return known;
    const n = this.fresh(name);
    this.constants.set(key, n);
    const data = BigInt64Array.from(values.map((v) => BigInt(v)));
    this.initializers.push(onnx.TensorProto.create({ name: n, dims, dataType: DT.INT64, rawData: rawBytes(data) }));
    return n;
  }

  scalarFloat(name: string, v: number): string {
    const key = `f32:${v}`;
    const known = this.constants.get(key);
    if (known) return known;
    const n = this.floatTensor(name, [], Float32Array.of(v));
    this.constants.set(key, n);
    return n;
  }

  scalarInt64(name: string, v: number): string {
    return this.int64Tensor(name, [], [v]);
  }

  /** Serialises the whole model. `inputs` and `outputs` name dims symbolically (string) or fixed (number). */
  encode(opts: {
    graphName: string;
    opset: number;
    inputs: { name: string; elemType: number; dims: (string | number)[] }[];
    outputs: { name: string; elemType: number; dims: (string | number)[] }[];
    docString?: string;
  }): Uint8Array {
    const valueInfo = (v: { name: string; elemType: number; dims: (string | number)[] }) => ({
      name: v.name,
      type: {
        tensorType: {
          elemType: v.elemType,
          shape: { dim: v.dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
        },
      },
    });
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'FineTune Studio',
      producerVersion: '0.1.0',
      docString: opts.docString ?? '',
      opsetImport: [{ domain: '', version: opts.opset }],
      graph: {
        name: opts.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: opts.inputs.map(valueInfo),
        output: opts.outputs.map(valueInfo),
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
