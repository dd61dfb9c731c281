// Converts the four musicnn Keras h5 files (../shared/models/musicnn) into mirkit's weight files:
// models/musicnn/<model>.bin, one per model, each self-describing:
//   bytes 0-3   "MKW1"
//   bytes 4-7   header length H (uint32 little-endian)
//   bytes 8..   H bytes of JSON: { model, dtype, sourceSha256, tensors: [{ name, shape, offset }] }
//   then        the values, little-endian, `dtype`, tensor after tensor: 'float24' (default: the upper
//               3 bytes of the float32 pattern, rounded; 15-bit mantissa), 'float16' or 'float32';
//               `offset` counts values from the start of that block (padded to 4 bytes).
// Tensor names are the Keras layer name and variable (`conv2d/kernel`, `bn_dense/moving_mean`);
// shapes and layouts as stored by Keras: conv kernels (kh, kw, in, out), dense kernels (in, out).
// models/musicnn/manifest.json lists the files with their sizes and sha256.
// Usage: node scripts/convert-musicnn.mjs [--float16 | --float32]   (reads h5 with the h5wasm devDependency)
import h5wasm from 'h5wasm/node';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, '..', 'shared', 'models', 'musicnn');
const out = join(root, 'models', 'musicnn');
const dtype = process.argv.includes('--float32') ? 'float32' : process.argv.includes('--float16') ? 'float16' : 'float24';
const MODELS = ['MTT_musicnn', 'MSD_musicnn', 'MTT_vgg', 'MSD_vgg'];

/** float32 value -> IEEE half bits, round to nearest even (via the float32 bit pattern). */
function toHalf(value) {
  const f = new Float32Array([value]);
  const x = new Uint32Array(f.buffer)[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow -> inf (no weight is that large; checked below)
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let h = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rem > half || (rem === half && h & 1)) h++;
    return sign | h;
  }
  let h = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && h & 1)) h++;
  return sign | h;
}

/** float32 value -> the upper 24 bits of its float32 pattern, rounded to nearest even (8-bit exponent, 15-bit mantissa). */
function toFloat24(value) {
  const x = new Uint32Array(new Float32Array([value]).buffer)[0];
  let top = x >>> 8;
  const rem = x & 0xff;
  if (rem > 0x80 || (rem === 0x80 && top & 1)) top++;
  return top;
}

await h5wasm.ready;
mkdirSync(out, { recursive: true });
const manifest = { format: 'MKW1', dtype, source: 'github.com/Quint-e/musicnn_keras@ad6cfb80517dadb9ef70ac73a5375074f7c8258f', models: {} };
for (const model of MODELS) {
  const h5path = join(src, `${model}.h5`);
  const sourceSha256 = createHash('sha256').update(readFileSync(h5path)).digest('hex');
  const file = new h5wasm.File(h5path, 'r');
  const tensors = [];
  const walk = (group, layer) => {
    for (const key of group.keys()) {
      const child = group.get(key);
      if (child instanceof h5wasm.Dataset) {
        const variable = key.replace(/(_1)?:0$/, '');
        tensors.push({ name: `${layer}/${variable}`, shape: child.shape, values: Float32Array.from(child.value) });
      } else walk(child, layer ?? key);
    }
  };
  walk(file.get('model_weights'), undefined);
  file.close();
  tensors.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let offset = 0;
  const header = { model, dtype, sourceSha256, tensors: [] };
  for (const t of tensors) {
    header.tensors.push({ name: t.name, shape: t.shape, offset });
    offset += t.values.length;
  }
  const total = offset;
  const body = dtype === 'float16' ? new Uint16Array(total) : dtype === 'float24' ? new Uint8Array(3 * total) : new Float32Array(total);
  for (const t of tensors) {
    const base = header.tensors.find((h) => h.name === t.name).offset;
    for (let i = 0; i < t.values.length; i++) {
      const v = t.values[i];
      if (!Number.isFinite(v)) throw new Error(`${model} ${t.name}: non-finite weight`);
      if (dtype === 'float16') {
        if (Math.abs(v) > 65000) throw new Error(`${model} ${t.name}: ${v} does not fit float16`);
        body[base + i] = toHalf(v);
      } else if (dtype === 'float24') {
        const bits = toFloat24(v);
        body[3 * (base + i)] = bits & 0xff;
        body[3 * (base + i) + 1] = (bits >>> 8) & 0xff;
        body[3 * (base + i) + 2] = (bits >>> 16) & 0xff;
      } else body[base + i] = v;
    }
  }
  const json = Buffer.from(JSON.stringify(header));
  const headerLen = Math.ceil(json.length / 4) * 4;
  const bytes = Buffer.alloc(8 + headerLen + body.byteLength, 0x20);
  bytes.write('MKW1', 0, 'ascii');
  bytes.writeUInt32LE(headerLen, 4);
  json.copy(bytes, 8);
  Buffer.from(body.buffer, body.byteOffset, body.byteLength).copy(bytes, 8 + headerLen);
  writeFileSync(join(out, `${model}.bin`), bytes);
  manifest.models[model] = {
    file: `${model}.bin`,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    values: total,
    sourceSha256,
  };
  console.log(model, tensors.length, 'tensors', total, 'values', bytes.length, 'bytes');
}
writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
