// Writers for the weight files the scripts produce, with no dependency on the studio's own code (the tests
// read these files with the studio's parser, so they must not share its writer): a seeded normal
// generator, IEEE half precision, safetensors, and PyTorch's zip checkpoint format (torch.save).
import { zipSync } from 'fflate';

/** mulberry32 + Box-Muller: a seeded standard normal, the same sequence on every machine. */
export function normalRng(seed) {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

// IEEE 754 half precision, round to nearest even (for values far inside f16's range, as weights are).
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
export function toHalf(x) {
  f32[0] = x;
  const b = u32[0];
  const sign = (b >>> 16) & 0x8000;
  const exp = ((b >>> 23) & 0xff) - 127 + 15;
  let mant = b & 0x7fffff;
  if (exp <= 0) {
    if (exp < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - exp;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && (half & 1))) half++;
    return sign | half;
  }
  if (exp >= 31) return sign | 0x7c00;
  let half = (exp << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1))) half++;
  return sign | half;
}

const SAFETENSORS_DTYPE = { Float32Array: 'F32', Uint16Array: 'F16', BigInt64Array: 'I64' };

function assertLittleEndian() {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('the tensor writers need a little-endian machine');
}

/**
 * safetensors: u64 LE header length, a JSON header padded with spaces to 8 bytes, then the raw data.
 * `tensors`: name → { shape, data } with data a Float32Array (F32), a Uint16Array of half bits (F16) or a
 * BigInt64Array (I64), in the order given.
 */
export function safetensorsBytes(tensors, metadata) {
  assertLittleEndian();
  const header = metadata ? { __metadata__: metadata } : {};
  let offset = 0;
  for (const [name, { shape, data }] of Object.entries(tensors)) {
    header[name] = { dtype: SAFETENSORS_DTYPE[data.constructor.name], shape, data_offsets: [offset, offset + data.byteLength] };
    offset += data.byteLength;
  }
  let text = JSON.stringify(header);
  text += ' '.repeat((8 - ((8 + Buffer.byteLength(text)) % 8)) % 8);
  const length = Buffer.alloc(8);
  const headerBytes = Buffer.from(text, 'utf8');
  length.writeBigUInt64LE(BigInt(headerBytes.length));
  return Buffer.concat([length, headerBytes, ...Object.values(tensors).map(({ data }) => Buffer.from(data.buffer, data.byteOffset, data.byteLength))]);
}

/**
 * A float32 state dict as `torch.save` writes it (zip format, PyTorch ≥ 1.6): `<name>/data.pkl` is a
 * pickle (protocol 2) of an OrderedDict whose values are `torch._utils._rebuild_tensor_v2` calls on
 * persistent storages; each storage's bytes are `<name>/data/<key>`. Readable by `torch.load`, including
 * its `weights_only` mode. `tensors`: name → { shape, data: Float32Array }.
 */
export function torchCheckpointBytes(tensors, name = 'pytorch_model') {
  assertLittleEndian();
  const files = {};
  const pickle = [];
  const raw = (...bytes) => pickle.push(Buffer.from(bytes));
  const global = (module, attr) => pickle.push(Buffer.from(`c${module}\n${attr}\n`, 'latin1'));
  const string = (s) => { const b = Buffer.from(s, 'utf8'); raw(0x58, ...u32le(b.length)); pickle.push(b); }; // BINUNICODE
  const int = (n) => raw(0x4a, ...u32le(n)); // BININT (values here are far below 2^31)
  const tuple = (items) => { raw(0x28); items.forEach(int); raw(0x74); }; // MARK … TUPLE
  const emptyOrderedDict = () => { global('collections', 'OrderedDict'); raw(0x29, 0x52); }; // EMPTY_TUPLE REDUCE

  raw(0x80, 2); // PROTO 2
  emptyOrderedDict();
  raw(0x28); // MARK for SETITEMS
  Object.entries(tensors).forEach(([key, { shape, data }], i) => {
    if (!(data instanceof Float32Array)) throw new Error(`${key}: only float32 tensors are written`);
    files[`${name}/data/${i}`] = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    string(key);
    global('torch._utils', '_rebuild_tensor_v2');
    raw(0x28); // MARK: (storage, offset, size, stride, requires_grad, backward_hooks)
    raw(0x28); string('storage'); global('torch', 'FloatStorage'); string(String(i)); string('cpu'); int(data.length); raw(0x74, 0x51); // TUPLE BINPERSID
    int(0);
    tuple(shape);
    tuple(shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1)));
    raw(0x89); // NEWFALSE
    emptyOrderedDict();
    raw(0x74, 0x52); // TUPLE REDUCE
  });
  raw(0x75, 0x2e); // SETITEMS STOP
  files[`${name}/data.pkl`] = Buffer.concat(pickle);
  files[`${name}/byteorder`] = Buffer.from('little');
  files[`${name}/version`] = Buffer.from('3\n');
  // torch reads the archive's name from its first entry, so data.pkl leads; stored, not deflated, as torch
  // does; a fixed time (local fields, as zip keeps them) so the bytes are the same on every run and machine.
  const ordered = Object.fromEntries([`${name}/data.pkl`, ...Object.keys(files).filter((k) => k !== `${name}/data.pkl`)].map((k) => [k, files[k]]));
  return zipSync(ordered, { level: 0, mtime: new Date(2000, 0, 1) });
}

function u32le(n) {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return [...b];
}
