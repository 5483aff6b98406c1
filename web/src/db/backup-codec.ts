// Records to JSON and back with their binary parts (Blobs, Uint8Array, Float32Array) as separate zip entries.

/** Where a binary went: the zip entry and enough to rebuild the same kind of value. */
export interface BinaryRef {
  $bin: string;
  kind: 'blob' | 'u8' | 'f32';
  type?: string;
}

export interface Encoded {
  /** The record with each binary replaced by a BinaryRef. */
  json: unknown;
  files: { path: string; bytes: Uint8Array }[];
}

function isBinaryRef(v: unknown): v is BinaryRef {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.$bin === 'string' && (r.kind === 'blob' || r.kind === 'u8' || r.kind === 'f32');
}

function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
}

/**
 * Replaces binaries by refs named `<prefix><n>` (Blobs are read, hence async: call it outside IndexedDB transactions,
 * which commit when a task awaits anything else). Object keys are sorted so equal records encode equally.
 */
export async function encodeRecord(value: unknown, nextPath: () => string): Promise<Encoded> {
  const files: Encoded['files'] = [];
  const walk = async (v: unknown): Promise<unknown> => {
    if (typeof Blob !== 'undefined' && v instanceof Blob) {
      const path = nextPath();
      files.push({ path, bytes: new Uint8Array(await v.arrayBuffer()) });
      return { $bin: path, kind: 'blob', type: v.type } satisfies BinaryRef;
    }
    if (v instanceof Uint8Array || v instanceof Float32Array) {
      const path = nextPath();
      files.push({ path, bytes: bytesOf(v) });
      return { $bin: path, kind: v instanceof Uint8Array ? 'u8' : 'f32' } satisfies BinaryRef;
    }
    if (Array.isArray(v)) return Promise.all(v.map(walk));
    if (typeof v === 'object' && v !== null) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) {
        const inner = (v as Record<string, unknown>)[k];
        if (inner !== undefined) out[k] = await walk(inner);
      }
      return out;
    }
    return v;
  };
  return { json: await walk(value), files };
}

export class MissingBinaryError extends Error {}

/** The record back from JSON: refs become Blobs, Uint8Arrays or Float32Arrays again. */
export function decodeRecord(json: unknown, file: (path: string) => Uint8Array | undefined): unknown {
  const walk = (v: unknown): unknown => {
    if (isBinaryRef(v)) {
      const bytes = file(v.$bin);
      if (!bytes) throw new MissingBinaryError(v.$bin);
      if (v.kind === 'blob') return new Blob([bytes.slice()], { type: v.type ?? '' });
      if (v.kind === 'f32') return new Float32Array(bytes.slice().buffer);
      return bytes.slice();
    }
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(json);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether two records are the same data (binaries by content, key order ignored). */
export async function sameRecord(a: unknown, b: unknown): Promise<boolean> {
  let n = 0;
  const name = (): string => `b${n++}`;
  const ea = await encodeRecord(a, name);
  n = 0;
  const eb = await encodeRecord(b, name);
  if (JSON.stringify(ea.json) !== JSON.stringify(eb.json) || ea.files.length !== eb.files.length) return false;
  return ea.files.every((f, i) => equalBytes(f.bytes, eb.files[i]!.bytes));
}
