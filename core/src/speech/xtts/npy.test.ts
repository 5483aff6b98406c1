import { describe, expect, it } from 'vitest';
import { NpyError, readNpy, writeNpy } from './npy';

function npyWith(header: string, body: Uint8Array, version = 1): Uint8Array {
  const pre = version === 1 ? 10 : 12;
  const out = new Uint8Array(pre + header.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const v = new DataView(out.buffer);
  if (version === 1) v.setUint16(8, header.length, true);
  else v.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[pre + i] = header.charCodeAt(i);
  out.set(body, pre + header.length);
  return out;
}

describe('readNpy', () => {
  it('round-trips float32 tables, with a 64-byte aligned header', () => {
    const data = Float32Array.from({ length: 12 }, (_, i) => i * 0.5 - 2);
    const bytes = writeNpy(data, [3, 4]);
    expect((bytes.length - data.byteLength) % 64).toBe(0);
    const r = readNpy(bytes);
    expect(r.shape).toEqual([3, 4]);
    expect([...r.data]).toEqual([...data]);
    expect(readNpy(writeNpy(Float32Array.from([1, 2]), [2])).shape).toEqual([2]);
  });

  it('reads version 2 headers, big-endian float64, int64 and float16', () => {
    const be = new Uint8Array(16);
    new DataView(be.buffer).setFloat64(0, 1.5, false);
    new DataView(be.buffer).setFloat64(8, -3, false);
    expect([...readNpy(npyWith("{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }\n", be, 2)).data]).toEqual([
      1.5, -3,
    ]);
    const i8 = new Uint8Array(8);
    new DataView(i8.buffer).setBigInt64(0, 42n, true);
    expect([...readNpy(npyWith("{'descr': '<i8', 'fortran_order': False, 'shape': (1, 1), }\n", i8)).data]).toEqual([
      42,
    ]);
    const f2 = Uint8Array.from([0x00, 0x3c, 0x00, 0xc0]); // 1.0, -2.0
    expect([...readNpy(npyWith("{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }\n", f2)).data]).toEqual([
      1, -2,
    ]);
  });

  it('refuses lying shapes, odd dtypes, Fortran order and bad magic with NpyError', () => {
    const body = new Uint8Array(8);
    const cases = [
      npyWith("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000, 1000000), }\n", body),
      npyWith("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }\n", body),
      npyWith("{'descr': '<f4', 'fortran_order': True, 'shape': (1, 2), }\n", body),
      npyWith("{'descr': '<f4', 'shape': (2,), }\n", body),
      npyWith("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }\n", body),
      Uint8Array.from([1, 2, 3]),
      writeNpy(new Float32Array(4), [4]).subarray(0, 70),
    ];
    for (const c of cases) expect(() => readNpy(c)).toThrow(NpyError);
  });
});
