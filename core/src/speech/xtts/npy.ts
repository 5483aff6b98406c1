// A strict reader for NumPy .npy files (float32/float64/int arrays, C order), for the XTTS embedding tables.

export class NpyError extends Error {
  override readonly name = 'NpyError';
  readonly code = 'XTTS_BAD_NPY';
}

export interface NpyArray {
  readonly shape: readonly number[];
  /** Values as float32 (int and float64 tables are converted). */
  readonly data: Float32Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** Headers are short; a bigger one means a hostile or broken file. */
const MAX_HEADER = 64 * 1024;
const DTYPES: Record<string, { bytes: number; read: (v: DataView, at: number, le: boolean) => number }> = {
  f4: { bytes: 4, read: (v, at, le) => v.getFloat32(at, le) },
  f8: { bytes: 8, read: (v, at, le) => v.getFloat64(at, le) },
  i4: { bytes: 4, read: (v, at, le) => v.getInt32(at, le) },
  i8: { bytes: 8, read: (v, at, le) => Number(v.getBigInt64(at, le)) },
  f2: { bytes: 2, read: (v, at, le) => halfToFloat(v.getUint16(at, le)) },
};

/** Parses a .npy file; throws NpyError (never anything else) on malformed input. */
export function readNpy(bytes: Uint8Array): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new NpyError('Not a .npy file (bad magic).');
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new NpyError('Truncated .npy header.');
    headerLen = view.getUint32(8, true);
    start = 12;
  } else throw new NpyError(`Unsupported .npy version ${String(major)}.`);
  if (headerLen > MAX_HEADER || start + headerLen > bytes.length) throw new NpyError('Bad .npy header length.');
  const header = new TextDecoder('latin1').decode(bytes.subarray(start, start + headerLen));
  const { descr, fortran, shape } = parseHeader(header);
  const m = /^([<>|=])([fi][248])$/.exec(descr);
  const dtype = m ? DTYPES[m[2]!] : undefined;
  if (!m || !dtype) throw new NpyError(`Unsupported dtype ${descr}.`);
  if (fortran && shape.length > 1) throw new NpyError('Fortran-ordered arrays are not supported.');
  const count = shape.reduce((a, b) => a * b, 1);
  const dataStart = start + headerLen;
  // Checked before allocating, so a lying shape cannot make us allocate more than the file holds.
  if (!Number.isSafeInteger(count) || count * dtype.bytes !== bytes.length - dataStart) {
    throw new NpyError(`Data size does not match shape [${shape.join(', ')}].`);
  }
  const le = m[1] !== '>';
  const data = new Float32Array(count);
  if (m[2] === 'f4' && le && (bytes.byteOffset + dataStart) % 4 === 0) {
    data.set(new Float32Array(bytes.buffer, bytes.byteOffset + dataStart, count));
  } else {
    for (let i = 0; i < count; i++) data[i] = dtype.read(view, dataStart + i * dtype.bytes, le);
  }
  return { shape, data };
}

function parseHeader(header: string): { descr: string; fortran: boolean; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined)
    throw new NpyError('Malformed .npy header.');
  const parts = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (parts.length > 8) throw new NpyError('Too many dimensions.');
  const shape = parts.map((p) => {
    if (!/^\d{1,10}$/.test(p)) throw new NpyError(`Bad dimension ${p}.`);
    return Number(p);
  });
  return { descr, fortran: fortran === 'True', shape };
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

/** Writes a little-endian float32 .npy (version 1), for tests and fixture generation. */
export function writeNpy(data: Float32Array, shape: readonly number[]): Uint8Array {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${dims}), }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += ' '.repeat(pad % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}
