import { describe, expect, it } from 'vitest';
import { createMemoryModelFileCache, type ModelFileCache } from './cache';
import {
  BASE,
  REPO,
  REV,
  bytesOf,
  createFakeHost,
  hfListing,
  noNetwork,
  sha256Hex,
  type FakeHost,
} from './fake-host.test-helper';
import type { ModelFileProgress } from './progress';
import { createVerifiedModelReader, type VerifiedModelReaderOptions } from './reader';

const GPT = 'onnx/gpt_model.onnx';
const CONFIG = 'config.json';

function reader(host: { fetch: typeof fetch }, cache: ModelFileCache, extra: Partial<VerifiedModelReaderOptions> = {}) {
  const progress: ModelFileProgress[] = [];
  const read = createVerifiedModelReader({
    base: BASE,
    repo: REPO,
    revision: REV,
    cache,
    fetch: host.fetch,
    storage: null,
    retryDelayMs: 0,
    progressStepBytes: 1,
    onProgress: (p) => progress.push(p),
    ...extra,
  });
  return { read, progress };
}

const fileRequests = (host: FakeHost): string[] =>
  host.requests.filter((r) => r.url.includes('/resolve/')).map((r) => r.url.split('/resolve/main/')[1] ?? '');

describe('createVerifiedModelReader', () => {
  it('returns the exact bytes checked against the catalog, with progress that only rises, and caches them', async () => {
    const gpt = bytesOf(12_345, 1);
    const config = bytesOf(300, 2);
    const host = createFakeHost({ [GPT]: gpt, [CONFIG]: config }, { chunk: 1000 });
    const cache = createMemoryModelFileCache();
    const expected = [
      { path: CONFIG, size: config.byteLength, sha256: await sha256Hex(config) },
      { path: GPT, size: gpt.byteLength, sha256: await sha256Hex(gpt) },
    ];
    const { read, progress } = reader(host, cache, { expected });
    expect(await read(CONFIG)).toEqual(config);
    expect(await read(GPT)).toEqual(gpt);
    // The catalog settles every file, so the listing is never asked for.
    expect(host.requests.some((r) => r.url.includes('/api/'))).toBe(false);
    const overall = progress.map((p) => p.overallReceived);
    expect(overall).toEqual([...overall].sort((a, b) => a - b));
    expect(progress.every((p) => p.overallTotal === gpt.byteLength + config.byteLength)).toBe(true);
    expect(progress.at(-1)).toMatchObject({
      file: GPT,
      received: gpt.byteLength,
      total: gpt.byteLength,
      overallReceived: gpt.byteLength + config.byteLength,
    });
    expect((await cache.head(GPT))?.trust).toBe('catalog');
  });

  it('reads a cached file again without any request', async () => {
    const gpt = bytesOf(5_000, 3);
    const cache = createMemoryModelFileCache();
    await reader(createFakeHost({ [GPT]: gpt }), cache).read(GPT);
    const second = reader({ fetch: noNetwork }, cache);
    expect(await second.read(GPT)).toEqual(gpt);
    expect(second.progress).toEqual([
      {
        file: GPT,
        received: gpt.byteLength,
        total: gpt.byteLength,
        overallReceived: gpt.byteLength,
        overallTotal: gpt.byteLength,
        source: 'cache',
      },
    ]);
  });

  it('resumes a cut connection with Range and caches the whole file', async () => {
    const gpt = bytesOf(20_000, 4);
    const host = createFakeHost({ [GPT]: gpt }, { chunk: 2000, faults: { cut: new Map([[GPT, { after: 14_000 }]]) } });
    const cache = createMemoryModelFileCache();
    const { read, progress } = reader(host, cache, {
      expected: [{ path: GPT, size: gpt.byteLength, sha256: await sha256Hex(gpt) }],
    });
    expect(await read(GPT)).toEqual(gpt);
    expect(host.requests.map((r) => r.range)).toEqual([null, 'bytes=14000-']);
    const received = progress.map((p) => p.received);
    expect(received).toEqual([...received].sort((a, b) => a - b));
    expect((await cache.get(GPT))?.bytes).toEqual(gpt);
  });

  it('takes sha256 and sizes from the host listing (HF format) and refuses a file that does not match it', async () => {
    const gpt = bytesOf(4_000, 5);
    const host = createFakeHost({ [GPT]: gpt });
    host.listing = await hfListing(host.files);
    host.files.set(GPT, bytesOf(4_000, 99)); // same size, other bytes: a tampering mirror
    const cache = createMemoryModelFileCache();
    const listed = await sha256Hex(gpt);
    await expect(reader(host, cache).read(GPT)).rejects.toMatchObject({
      code: 'MODEL_CORRUPTED',
      recoverable: true,
      details: { reason: 'hash', expected: listed },
    });
    expect(await cache.keys()).toEqual([]);
    expect(await cache.getPin(GPT)).toBeNull();
    host.files.set(GPT, gpt);
    await reader(host, cache).read(GPT);
    expect((await cache.head(GPT))?.trust).toBe('listing');
  });

  it('refuses a wrong size from the catalog with MODEL_CORRUPTED and keeps nothing', async () => {
    const gpt = bytesOf(4_000, 6);
    const host = createFakeHost({ [GPT]: gpt });
    const cache = createMemoryModelFileCache();
    const { read } = reader(host, cache, { expected: [{ path: GPT, size: 4_001, sha256: null }] });
    await expect(read(GPT)).rejects.toMatchObject({ code: 'MODEL_CORRUPTED', details: { reason: 'size' } });
    expect(await cache.keys()).toEqual([]);
    expect(await cache.getPin(GPT)).toBeNull();
  });

  it('refuses a wrong hash from the catalog with MODEL_CORRUPTED and keeps nothing', async () => {
    const gpt = bytesOf(4_000, 7);
    const host = createFakeHost({ [GPT]: gpt });
    const cache = createMemoryModelFileCache();
    const { read } = reader(host, cache, { expected: [{ path: GPT, size: 4_000, sha256: 'a'.repeat(64) }] });
    await expect(read(GPT)).rejects.toMatchObject({ code: 'MODEL_CORRUPTED', details: { reason: 'hash' } });
    expect(await cache.keys()).toEqual([]);
  });

  it('works without a listing: the first download is trusted, pinned, and enforced from then on', async () => {
    const config = bytesOf(700, 8);
    const host = createFakeHost({ [CONFIG]: config });
    const cache = createMemoryModelFileCache();
    expect(await reader(host, cache).read(CONFIG)).toEqual(config);
    expect(host.requests.find((r) => r.url.includes('/api/'))?.status).toBe(404);
    const first = await sha256Hex(config);
    expect(await cache.getPin(CONFIG)).toMatchObject({ sha256: first, size: 700, trust: 'first-use' });
    // The copy is lost (evicted, or removed as corrupted) and the host now serves other bytes: refused.
    await cache.delete(CONFIG);
    host.files.set(CONFIG, bytesOf(700, 9));
    await expect(reader(host, cache).read(CONFIG)).rejects.toMatchObject({
      code: 'MODEL_CORRUPTED',
      details: { reason: 'hash', expected: first },
    });
    expect(await cache.keys()).toEqual([]);
    host.files.set(CONFIG, config);
    expect(await reader(host, cache).read(CONFIG)).toEqual(config);
  });

  it('pins a plain git file the listing gives only a size for, and checks that size', async () => {
    const config = bytesOf(500, 10);
    const host = createFakeHost({ [CONFIG]: config });
    host.listing = await hfListing(host.files, () => false);
    const cache = createMemoryModelFileCache();
    await reader(host, cache).read(CONFIG);
    expect((await cache.getPin(CONFIG))?.trust).toBe('first-use');
    await cache.delete(CONFIG);
    host.files.set(CONFIG, bytesOf(501, 10));
    await expect(reader(host, cache).read(CONFIG)).rejects.toMatchObject({
      code: 'MODEL_CORRUPTED',
      details: { reason: 'size' },
    });
  });

  it('deletes a damaged cached copy and says MODEL_CORRUPTED; the next read downloads it again', async () => {
    const gpt = bytesOf(3_000, 11);
    const host = createFakeHost({ [GPT]: gpt });
    const cache = createMemoryModelFileCache();
    await reader(host, cache).read(GPT);
    const record = (await cache.head(GPT))!;
    await cache.put(record, gpt.subarray(0, 2_000)); // truncated at rest
    await expect(reader({ fetch: noNetwork }, cache).read(GPT)).rejects.toMatchObject({
      code: 'MODEL_CORRUPTED',
      recoverable: true,
      details: { source: 'cache', reason: 'size' },
    });
    expect(await cache.keys()).toEqual([]);
    expect(await reader(host, cache).read(GPT)).toEqual(gpt);
  });

  it('re-hashes small cached files but only size-checks large ones', async () => {
    const gpt = bytesOf(3_000, 12);
    const flipped = gpt.slice();
    flipped[10] = (flipped[10] ?? 0) ^ 1;
    const cache = createMemoryModelFileCache();
    await reader(createFakeHost({ [GPT]: gpt }), cache).read(GPT);
    const record = (await cache.head(GPT))!;
    await cache.put(record, flipped);
    // Above the threshold: a same-size flip is not looked for (see README: hashing 1.5 GB per load is too slow).
    expect(await reader({ fetch: noNetwork }, cache, { rehashCachedUpTo: 2_999 }).read(GPT)).toEqual(flipped);
    await expect(reader({ fetch: noNetwork }, cache, { rehashCachedUpTo: 3_000 }).read(GPT)).rejects.toMatchObject({
      code: 'MODEL_CORRUPTED',
      details: { reason: 'hash' },
    });
  });

  it('downloads again, without an error, when the catalog now names another file than the cached one', async () => {
    const old = bytesOf(1_000, 13);
    const updated = bytesOf(1_200, 14);
    const host = createFakeHost({ [GPT]: old });
    const cache = createMemoryModelFileCache();
    await reader(host, cache).read(GPT);
    host.files.set(GPT, updated);
    const { read } = reader(host, cache, { expected: [{ path: GPT, size: 1_200, sha256: await sha256Hex(updated) }] });
    expect(await read(GPT)).toEqual(updated);
    expect((await cache.head(GPT))?.trust).toBe('catalog');
  });

  it('checks free space for the planned files first and asks for persistent storage', async () => {
    const gpt = bytesOf(10_000, 15);
    const host = createFakeHost({ [GPT]: gpt });
    let persistAsked = 0;
    const storage = {
      estimate: async () => ({ quota: 10_500, usage: 1_000 }),
      persisted: async () => false,
      persist: async () => (persistAsked++, true),
    };
    const { read } = reader(host, createMemoryModelFileCache(), {
      storage,
      expected: [{ path: GPT, size: 10_000, sha256: null }],
    });
    const persistentCache = { ...createMemoryModelFileCache(), persistent: true };
    const onDisk = reader(host, persistentCache, { storage, expected: [{ path: GPT, size: 10_000, sha256: null }] });
    await expect(onDisk.read(GPT)).rejects.toMatchObject({
      code: 'STORAGE_FULL',
      recoverable: true,
      details: { needed: 10_000, free: 9_500 },
    });
    expect(persistAsked).toBe(1);
    expect(fileRequests(host)).toEqual([]);
    // Nothing is stored without a persistent cache, so there is nothing to check.
    expect(await read(GPT)).toEqual(gpt);
  });

  it('stops with DOWNLOAD_ABORTED and caches nothing', async () => {
    const gpt = bytesOf(10_000, 16);
    const host = createFakeHost({ [GPT]: gpt }, { chunk: 1000 });
    const cache = createMemoryModelFileCache();
    const controller = new AbortController();
    const { read } = reader(host, cache, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.received >= 4_000) controller.abort();
      },
    });
    await expect(read(GPT)).rejects.toMatchObject({ code: 'DOWNLOAD_ABORTED' });
    expect(await cache.keys()).toEqual([]);
    await expect(read(CONFIG)).rejects.toMatchObject({ code: 'DOWNLOAD_ABORTED' });
  });

  it('shares one download between concurrent reads of a file, and refuses paths outside the model', async () => {
    const gpt = bytesOf(2_000, 17);
    const host = createFakeHost({ [GPT]: gpt });
    const { read } = reader(host, createMemoryModelFileCache());
    const [a, b] = await Promise.all([read(GPT), read(GPT)]);
    expect(a).toEqual(gpt);
    expect(b).toBe(a);
    expect(fileRequests(host)).toEqual([GPT]);
    await expect(read('../secrets')).rejects.toMatchObject({ code: 'MODEL_FILE_BAD_PATH' });
    expect(() => createVerifiedModelReader({ base: BASE, repo: '../x', revision: REV })).toThrow(
      expect.objectContaining({ code: 'MODEL_FILE_BAD_PATH' }),
    );
  });

  it('still returns a verified file the cache could not keep, and reports why', async () => {
    const gpt = bytesOf(1_000, 18);
    const full: ModelFileCache = {
      ...createMemoryModelFileCache(),
      put: async () => Promise.reject(Object.assign(new Error('quota'), { name: 'QuotaExceededError' })),
    };
    const problems: string[] = [];
    const { read } = reader(createFakeHost({ [GPT]: gpt }), full, {
      onCacheError: (_path, e) => problems.push(e.code),
    });
    expect(await read(GPT)).toEqual(gpt);
    expect(problems).toEqual(['STORAGE_FULL']);
  });
});
