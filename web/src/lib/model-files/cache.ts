// Where verified model files are kept: one ModelFileCache per model repo and revision, and an in-memory one for tests.

/** Where a file's expected sha256 came from; `first-use` means it was recorded at the first download (TOFU). */
export type FileTrust = 'catalog' | 'listing' | 'first-use';

export interface ModelFileRecord {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  readonly trust: FileTrust;
  /** ISO time it was verified and stored. */
  readonly storedAt: string;
}

export interface CachedModelFile {
  readonly record: ModelFileRecord;
  readonly bytes: Uint8Array;
}

/**
 * Verified files of one model revision. Pins are the sha256 recorded for files that had no known hash on first
 * download: they outlive `delete` (a corrupted copy is re-fetched and must match the first one) and are removed only
 * with the whole model (clearModelFiles).
 */
export interface ModelFileCache {
  /** False when nothing survives a reload (no Cache API, e.g. a plain-http LAN origin): the UI can say so. */
  readonly persistent: boolean;
  /** The stored record without reading the bytes (for planning a download and for sizes). */
  head(path: string): Promise<ModelFileRecord | null>;
  get(path: string): Promise<CachedModelFile | null>;
  /** Stores verified bytes; may reject (quota), in which case nothing is stored. */
  put(record: ModelFileRecord, bytes: Uint8Array): Promise<void>;
  delete(path: string): Promise<void>;
  /** Paths of stored files (pins not included). */
  keys(): Promise<string[]>;
  getPin(path: string): Promise<ModelFileRecord | null>;
  putPin(record: ModelFileRecord): Promise<void>;
}

/**
 * Keeps files in memory. `storeFiles: false` keeps only pins, for contexts without the Cache API, where holding a
 * second copy of a 1.5 GB graph in memory would cost more than downloading it again.
 */
export function createMemoryModelFileCache(o: { storeFiles?: boolean } = {}): ModelFileCache {
  const files = new Map<string, CachedModelFile>();
  const pins = new Map<string, ModelFileRecord>();
  const storeFiles = o.storeFiles ?? true;
  return {
    persistent: false,
    head: async (path) => files.get(path)?.record ?? null,
    // Copies in and out, as a real store would: the caller may hand the returned bytes to a runtime that changes them.
    get: async (path) => {
      const hit = files.get(path);
      return hit ? { record: hit.record, bytes: hit.bytes.slice() } : null;
    },
    put: async (record, bytes) => {
      if (storeFiles) files.set(record.path, { record, bytes: bytes.slice() });
    },
    delete: async (path) => void files.delete(path),
    keys: async () => [...files.keys()],
    getPin: async (path) => pins.get(path) ?? null,
    putPin: async (record) => void pins.set(record.path, record),
  };
}
