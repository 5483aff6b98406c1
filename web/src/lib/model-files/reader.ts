// createVerifiedModelReader: core's ReadModelFile over a host in Hugging Face's layout, checked (C3), cached, resumable.
import { createSHA256 } from 'hash-wasm';
import type { CodedError } from '@companion/core/errors';
import type { ReadModelFile } from '@companion/core/speech/xtts';
import { prepareStorageFor, type StorageManagerLike } from '../../features/models/storage-check';
import { cacheStorageOrNull, createCacheApiModelFileCache } from './cache-api';
import { createMemoryModelFileCache, type ModelFileCache, type ModelFileRecord } from './cache';
import { downloadVerifiedFile } from './download';
import { modelFileError, throwIfAborted } from './errors';
import { TRUST_SOURCE, catalogSettles, expectedByPath, resolveExpectation, type ExpectedFile } from './expectations';
import { fetchTreeListing, type TreeListing } from './listing';
import { ProgressTracker, type ModelFileProgress } from './progress';
import { checkPath, checkSource, fileUrl } from './urls';

export interface VerifiedModelReaderOptions {
  /** `https://huggingface.co/` or our server's mirror `<origin>/models/`; both serve `<repo>/resolve/<rev>/<path>`. */
  readonly base: string;
  readonly repo: string;
  readonly revision: string;
  /** The catalog's files (sizes and sha256, null where unknown); they are also the plan for progress and space. */
  readonly expected?: readonly ExpectedFile[];
  /** Default: the Cache API for this repo and revision; where there is none, pins only in memory. */
  readonly cache?: ModelFileCache;
  readonly fetch?: typeof fetch;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: ModelFileProgress) => void;
  /** Default: navigator.storage (workers have it too); null skips the free-space check. */
  readonly storage?: StorageManagerLike | null;
  readonly retries?: number;
  readonly retryDelayMs?: number;
  /** Cached files up to this size are re-hashed on every read; larger ones get a size check only. Default 32 MiB. */
  readonly rehashCachedUpTo?: number;
  /** Progress is sent when a file gains this many bytes (and at its start and end). Default 1 MiB. */
  readonly progressStepBytes?: number;
  /** A verified file that could not be stored (quota): the read still succeeds. Default: console.warn. */
  readonly onCacheError?: (path: string, error: CodedError) => void;
}

const MiB = 1024 * 1024;

function defaultCache(repo: string, revision: string): ModelFileCache {
  const storage = cacheStorageOrNull();
  return storage
    ? createCacheApiModelFileCache(repo, revision, storage)
    : createMemoryModelFileCache({ storeFiles: false });
}

async function sha256Of(bytes: Uint8Array): Promise<string> {
  const h = await createSHA256();
  h.init();
  // In slices so the WASM module's memory never has to hold the whole file.
  for (let at = 0; at < bytes.byteLength; at += 4 * MiB) h.update(bytes.subarray(at, at + 4 * MiB));
  return h.digest('hex');
}

function cacheFailure(path: string, error: unknown): CodedError {
  const quota = error instanceof Error && error.name === 'QuotaExceededError';
  return quota
    ? modelFileError(
        'STORAGE_FULL',
        `${path} was verified but the browser has no room to keep it; it will be downloaded again next time.`,
        { path },
      )
    : modelFileError(
        'DOWNLOAD_FAILED',
        `${path} was verified but could not be stored: ${error instanceof Error ? error.message : String(error)}.`,
        { path },
      );
}

export function createVerifiedModelReader(o: VerifiedModelReaderOptions): ReadModelFile {
  checkSource(o.repo, o.revision);
  for (const f of o.expected ?? []) checkPath(f.path);
  const doFetch = o.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const cache = o.cache ?? defaultCache(o.repo, o.revision);
  const catalog = expectedByPath(o.expected);
  const storage =
    o.storage === undefined
      ? (globalThis.navigator?.storage as StorageManagerLike | undefined)
      : (o.storage ?? undefined);
  const progress = new ProgressTracker(o.onProgress, o.progressStepBytes ?? MiB);
  const rehashUpTo = o.rehashCachedUpTo ?? 32 * MiB;
  const onCacheError = o.onCacheError ?? ((path, e) => console.warn(`model file ${path}: ${e.message}`));
  const inFlight = new Map<string, Promise<Uint8Array>>();
  let listing: Promise<TreeListing | null> | null = null;
  let planned: Promise<void> | null = null;

  const getListing = (): Promise<TreeListing | null> =>
    (listing ??= fetchTreeListing({
      base: o.base,
      repo: o.repo,
      revision: o.revision,
      fetch: doFetch,
      signal: o.signal,
    }).catch((e: unknown) => {
      listing = null; // an abort must not stick: a later reader call may try again
      throw e;
    }));

  /** Free space, once, for every planned file not yet cached (asks for persistent storage on the way). */
  async function ensureRoom(bytes: number, what: string): Promise<void> {
    if (!cache.persistent || bytes <= 0) return;
    const verdict = await prepareStorageFor(bytes, storage);
    if (!verdict.ok)
      throw modelFileError('STORAGE_FULL', verdict.message ?? `Not enough storage for ${what}.`, {
        needed: bytes,
        free: verdict.freeBytes,
      });
  }

  async function plan(): Promise<void> {
    let missing = 0;
    for (const file of catalog.values()) {
      const size = catalogSettles(file)
        ? file.size
        : (await resolveExpectation(file.path, file, cache, getListing)).size;
      progress.expect(file.path, size);
      if (size !== null && !(await cache.head(file.path))) missing += size;
    }
    await ensureRoom(missing, 'this model');
  }

  async function fromCache(
    path: string,
    expectedSha: string | null,
    expectedSize: number | null,
  ): Promise<Uint8Array | null> {
    const hit = await cache.get(path);
    if (!hit) return null;
    const { record, bytes } = hit;
    if (
      (expectedSha !== null && record.sha256 !== expectedSha) ||
      (expectedSize !== null && record.size !== expectedSize)
    ) {
      // The catalog now names another file for this path: the cached copy is outdated, not corrupted.
      await cache.delete(path);
      return null;
    }
    // The size is always checked (truncation and eviction are what actually happen to stored bodies); the hash only
    // where that costs little, since hashing 1.5 GB on every load takes seconds on a phone.
    let problem: Record<string, unknown> | null =
      bytes.byteLength !== record.size ? { reason: 'size', size: bytes.byteLength, expected: record.size } : null;
    if (!problem && record.size <= rehashUpTo) {
      const sha256 = await sha256Of(bytes);
      if (sha256 !== record.sha256) problem = { reason: 'hash', sha256, expected: record.sha256 };
    }
    if (problem) {
      await cache.delete(path);
      throw modelFileError(
        'MODEL_CORRUPTED',
        `The stored copy of ${path} is damaged and was removed; load the model again to download it.`,
        { path, source: 'cache', ...problem },
      );
    }
    progress.update(path, bytes.byteLength, bytes.byteLength, 'cache', true);
    return bytes;
  }

  async function read(path: string): Promise<Uint8Array> {
    checkPath(path);
    throwIfAborted(o.signal, path);
    await (planned ??= plan().catch((e: unknown) => {
      planned = null;
      throw e;
    }));
    const want = await resolveExpectation(path, catalog.get(path), cache, getListing);
    const cached = await fromCache(path, want.sha256, want.size);
    if (cached) return cached;
    progress.expect(path, want.size);
    if (!catalog.has(path) && want.size !== null) await ensureRoom(want.size, path);
    progress.update(path, 0, want.size, 'network', true);
    const got = await downloadVerifiedFile({
      url: fileUrl(o.base, o.repo, o.revision, path),
      path,
      expectedSize: want.size,
      expectedSha256: want.sha256,
      expectedFrom: want.trust ? TRUST_SOURCE[want.trust] : undefined,
      fetch: doFetch,
      signal: o.signal,
      retries: o.retries,
      retryDelayMs: o.retryDelayMs,
      onBytes: (received, total) => progress.update(path, received, total, 'network'),
    });
    progress.update(path, got.bytes.byteLength, got.bytes.byteLength, 'network', true);
    const record: ModelFileRecord = {
      path,
      size: got.bytes.byteLength,
      sha256: got.sha256,
      trust: want.trust ?? 'first-use',
      storedAt: new Date().toISOString(),
    };
    // Pinned before caching, so even a copy the cache could not keep is enforced on the next download.
    if (want.trust === null) await cache.putPin(record);
    // Awaited so the bytes are not handed on (and maybe changed or transferred) while the cache still reads them.
    await cache.put(record, got.bytes).catch((e: unknown) => onCacheError(path, cacheFailure(path, e)));
    return got.bytes;
  }

  return (path) => {
    const running = inFlight.get(path);
    if (running) return running;
    const p = read(path).finally(() => inFlight.delete(path));
    inFlight.set(path, p);
    return p;
  };
}
