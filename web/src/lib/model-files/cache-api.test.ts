import { describe, expect, it } from 'vitest';
import type { ModelFileRecord } from './cache';
import {
  clearModelFiles,
  createCacheApiModelFileCache,
  listCachedModels,
  modelCacheName,
  parseModelCacheName,
} from './cache-api';
import { bytesOf } from './fake-host.test-helper';

/**
 * The Cache API's contract as far as this module uses it (Node has no `caches`): an entry is committed only after its
 * body was read to the end, keys are URLs. The real one runs in the Playwright e2e.
 */
function fakeCacheStorage(): CacheStorage & { largestPutChunk: number } {
  const caches = new Map<string, Map<string, { body: ArrayBuffer; headers: Headers }>>();
  const urlOf = (r: RequestInfo | URL): string => (r instanceof Request ? r.url : new URL(String(r)).toString());
  const cacheFor = (entries: Map<string, { body: ArrayBuffer; headers: Headers }>): Cache =>
    ({
      match: async (r: RequestInfo | URL) => {
        const hit = entries.get(urlOf(r));
        return hit ? new Response(hit.body.slice(0), { headers: hit.headers }) : undefined;
      },
      put: async (r: RequestInfo | URL, res: Response) => {
        const parts: Uint8Array<ArrayBuffer>[] = [];
        for (const reader = res.body?.getReader(); reader;) {
          const { done, value } = await reader.read();
          if (done) break;
          parts.push(value.slice());
          storage.largestPutChunk = Math.max(storage.largestPutChunk, value.byteLength);
        }
        const body = await new Blob(parts).arrayBuffer();
        entries.set(urlOf(r), { body, headers: res.headers });
      },
      delete: async (r: RequestInfo | URL) => entries.delete(urlOf(r)),
      keys: async () => [...entries.keys()].map((u) => new Request(u)),
    }) as unknown as Cache;
  const storage = {
    largestPutChunk: 0,
    open: async (name: string) => {
      if (!caches.has(name)) caches.set(name, new Map());
      return cacheFor(caches.get(name)!);
    },
    has: async (name: string) => caches.has(name),
    delete: async (name: string) => caches.delete(name),
    keys: async () => [...caches.keys()],
    match: async (r: RequestInfo | URL, o?: { cacheName?: string }) => {
      const entries = o?.cacheName === undefined ? undefined : caches.get(o.cacheName);
      return entries ? cacheFor(entries).match(r) : undefined;
    },
  };
  return storage as unknown as CacheStorage & { largestPutChunk: number };
}

// toEqual walks 9 MB element by element for a minute; this is the same check in milliseconds.
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.byteLength === b.byteLength && a.every((x, i) => x === b[i]);

const record = (path: string, size: number): ModelFileRecord => ({
  path,
  size,
  sha256: 'ab'.repeat(32),
  trust: 'listing',
  storedAt: '2026-01-01T00:00:00.000Z',
});

describe('Cache API model-file cache', () => {
  it('stores bytes and their record, reads them back, and lists files without pins', async () => {
    const storage = fakeCacheStorage();
    const cache = createCacheApiModelFileCache('owner/model', 'main', storage);
    const big = bytesOf(9 * 1024 * 1024, 1); // more than two 4 MiB put chunks
    await cache.put(record('onnx/gpt model.onnx', big.byteLength), big);
    await cache.putPin({ ...record('config.json', 10), trust: 'first-use' });
    expect(cache.persistent).toBe(true);
    // Handed over in slices, not as one more copy of the whole file.
    expect(storage.largestPutChunk).toBe(4 * 1024 * 1024);
    expect(await cache.keys()).toEqual(['onnx/gpt model.onnx']);
    const hit = await cache.get('onnx/gpt model.onnx');
    expect(hit?.record).toEqual(record('onnx/gpt model.onnx', big.byteLength));
    expect(hit && sameBytes(hit.bytes, big)).toBe(true);
    expect(await cache.head('onnx/gpt model.onnx')).toEqual(record('onnx/gpt model.onnx', big.byteLength));
    expect(await cache.getPin('config.json')).toMatchObject({ trust: 'first-use', size: 10 });
    expect(await cache.get('config.json')).toBeNull();
    await cache.delete('onnx/gpt model.onnx');
    expect(await cache.get('onnx/gpt model.onnx')).toBeNull();
    // A deleted file keeps its pin.
    expect(await cache.getPin('config.json')).not.toBeNull();
  });

  it('treats an entry with a malformed record as absent', async () => {
    const storage = fakeCacheStorage();
    const raw = await storage.open(modelCacheName('owner/model', 'main'));
    await raw.put('https://model-files.invalid/file/a.bin', new Response('x', { headers: { 'x-model-size': 'lots' } }));
    const cache = createCacheApiModelFileCache('owner/model', 'main', storage);
    expect(await cache.get('a.bin')).toBeNull();
    expect(await cache.head('a.bin')).toBeNull();
  });

  it('lists cached models with their sizes and clears one revision with its pins', async () => {
    const storage = fakeCacheStorage();
    const a = createCacheApiModelFileCache('owner/model', 'main', storage);
    const b = createCacheApiModelFileCache('owner/model', 'abc123', storage);
    await a.put(record('x.bin', 3), bytesOf(3));
    await a.put(record('y.bin', 5), bytesOf(5));
    await a.putPin(record('y.bin', 5));
    await b.put(record('x.bin', 7), bytesOf(7));
    await storage.open('app-lazy-chunks'); // a cache that is not ours
    expect(await listCachedModels(storage)).toEqual([
      { repo: 'owner/model', revision: 'abc123', files: 1, bytes: 7 },
      { repo: 'owner/model', revision: 'main', files: 2, bytes: 8 },
    ]);
    expect(await clearModelFiles('owner/model', 'main', storage)).toBe(true);
    expect(await listCachedModels(storage)).toEqual([{ repo: 'owner/model', revision: 'abc123', files: 1, bytes: 7 }]);
    expect(await clearModelFiles('owner/model', 'main', storage)).toBe(false);
    expect(await a.getPin('y.bin')).toBeNull();
    expect(await a.keys()).toEqual([]);
    // Reading a model that was never stored leaves no empty cache behind.
    expect(await storage.keys()).toEqual([modelCacheName('owner/model', 'abc123'), 'app-lazy-chunks']);
    expect(await listCachedModels(null)).toEqual([]);
  });

  it('names caches so that they parse back', () => {
    expect(parseModelCacheName(modelCacheName('owner/model', 'refs/pr/1'))).toEqual({
      repo: 'owner/model',
      revision: 'refs/pr/1',
    });
    expect(parseModelCacheName('runtime-assets')).toBeNull();
  });
});
