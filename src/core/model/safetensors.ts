/**
 * Reader and writer for the safetensors format (https://huggingface.co/docs/safetensors): an 8-byte
 * little-endian header length, a JSON header `{name: {dtype, shape, data_offsets: [begin, end]}}` with an
 * optional `__metadata__` (string → string), then the raw little-endian buffers.
 *
 * Floating-point tensors (F32, F16, BF16, F64) are decoded to Float32Array, because every engine variable
 * is fp32. Integer tensors (e.g. the `position_ids` buffer some BERT checkpoints carry) are kept as raw
 * bytes with `data: null` so the loader can report and skip them.
 */

export type SafetensorsDtype =
  | 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL' | string;

export interface SafetensorsEntry {
  dtype: SafetensorsDtype;
  shape: number[];
  /** Decoded values for floating-point dtypes; null for integer/bool tensors. */
  data: Float32Array | null;
}

export interface ParsedSafetensors {
  tensors: Map<string, SafetensorsEntry>;
  metadata: Record<string, string>;
}

const FLOAT_BYTES: Record<string, number> = { F64: 8, F32: 4, F16: 2, BF16: 2 };
const OTHER_BYTES: Record<string, number> = { I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1, U16: 2, U32: 4, U64: 8 };

/** Thrown for a file that is not valid safetensors; the message names the tensor at fault. */
export class SafetensorsError extends Error {
  override name = 'SafetensorsError';
}

/** IEEE half → float, for one 16-bit pattern. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

function decodeFloat(bytes: Uint8Array, dtype: string, count: number): Float32Array {
  // Copy first: offsets in the file need not be aligned for typed-array views.
  const copy = bytes.slice();
  const view = new DataView(copy.buffer, copy.byteOffset, copy.byteLength);
  if (dtype === 'F32') return new Float32Array(copy.buffer, copy.byteOffset, count);
  const out = new Float32Array(count);
  if (dtype === 'F16') {
    for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
  } else if (dtype === 'BF16') {
    // bfloat16 is the top half of a float32.
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < count; i++) bits[i] = view.getUint16(i * 2, true) << 16;
  } else {
    for (let i = 0; i < count; i++) out[i] = view.getFloat64(i * 8, true);
  }
  return out;
}

export function parseSafetensors(input: ArrayBuffer | Uint8Array): ParsedSafetensors {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.byteLength < 8) throw new SafetensorsError(`safetensors file is too short (${bytes.byteLength} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (headerLen > bytes.byteLength - 8) {
    throw new SafetensorsError(`safetensors header length ${headerLen} exceeds the file size ${bytes.byteLength}`);
  }
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLen))) as Record<string, unknown>;
  } catch (e) {
    throw new SafetensorsError(`safetensors header is not valid JSON: ${(e as Error).message}`);
  }
  const dataStart = 8 + headerLen;
  const dataLen = bytes.byteLength - dataStart;
  const tensors = new Map<string, SafetensorsEntry>();
  let metadata: Record<string, string> = {};
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = (raw ?? {}) as Record<string, string>;
      continue;
    }
    const info = raw as { dtype?: string; shape?: number[]; data_offsets?: [number, number] };
    const { dtype, shape, data_offsets: offsets } = info;
    if (typeof dtype !== 'string' || !Array.isArray(shape) || !Array.isArray(offsets) || offsets.length !== 2) {
      throw new SafetensorsError(`safetensors tensor "${name}": header entry lacks dtype, shape or data_offsets`);
    }
    const [begin, end] = offsets;
    if (begin < 0 || end < begin || end > dataLen) {
      throw new SafetensorsError(`safetensors tensor "${name}": data_offsets [${begin}, ${end}] outside the data (${dataLen} bytes): ` +
        `the file has ${bytes.byteLength} bytes but needs at least ${dataStart + end}${end > dataLen ? ' (it was cut short)' : ''}`);
    }
    const count = shape.reduce((a, b) => a * b, 1);
    const width = FLOAT_BYTES[dtype] ?? OTHER_BYTES[dtype];
    if (width === undefined) throw new SafetensorsError(`safetensors tensor "${name}": unsupported dtype ${dtype}`);
    if (end - begin !== count * width) {
      throw new SafetensorsError(
        `safetensors tensor "${name}": ${end - begin} bytes for shape [${shape.join(', ')}] of ${dtype} (expected ${count * width})`);
    }
    const slice = bytes.subarray(dataStart + begin, dataStart + end);
    tensors.set(name, { dtype, shape: [...shape], data: dtype in FLOAT_BYTES ? decodeFloat(slice, dtype, count) : null });
  }
  return { tensors, metadata };
}

export interface WritableTensor {
  dtype: 'F32';
  shape: number[];
  data: Float32Array;
}

/**
 * Serialises fp32 tensors to safetensors bytes. Names are written in sorted order so the same weights
 * always give the same file; the header is padded with spaces to a multiple of 8 bytes, as the reference
 * implementation does, so every buffer stays 8-byte aligned.
 */
export function writeSafetensors(tensors: Record<string, WritableTensor>, metadata?: Record<string, string>): Uint8Array {
  const names = Object.keys(tensors).sort();
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const name of names) {
    const t = tensors[name];
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (t.data.length !== count) {
      throw new SafetensorsError(`tensor "${name}": ${t.data.length} values for shape [${t.shape.join(', ')}]`);
    }
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + count * 4] };
    offset += count * 4;
  }
  let json = JSON.stringify(header);
  const encoder = new TextEncoder();
  let headerBytes = encoder.encode(json);
  const pad = (8 - ((8 + headerBytes.byteLength) % 8)) % 8;
  if (pad) {
    json += ' '.repeat(pad);
    headerBytes = encoder.encode(json);
  }
  const out = new Uint8Array(8 + headerBytes.byteLength + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerBytes.byteLength, true);
  view.setUint32(4, 0, true);
  out.set(headerBytes, 8);
  let pos = 8 + headerBytes.byteLength;
  for (const name of names) {
    const d = tensors[name].data;
    out.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), pos);
    pos += d.byteLength;
  }
  return out;
}
