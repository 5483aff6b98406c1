// ModelFileCache over the Cache API: one cache per model repo and revision, records in headers, bodies streamed in.
import type { FileTrust, ModelFileCache, ModelFileRecord } from './cache';

/** Bump the version when the stored layout changes; older caches are then ignored by listCachedModels. */
const CACHE_PREFIX = 'model-files:v1:';
/** Keys only: the Cache API never fetches them, and `.invalid` can never resolve to a real host. */
const KEY_ORIGIN = 'https://model-files.invalid/';
/** Bodies are handed to the cache in views of this size, so storing never copies the whole file at once. */
const PUT_CHUNK = 4 * 1024 * 1024;

const H = {
  size: 'x-model-size',
  sha256: 'x-model-sha256',
  trust: 'x-model-trust',
  storedAt: 'x-model-stored-at',
} as const;
const TRUSTS: readonly FileTrust[] = ['catalog', 'listing', 'first-use'];

export function modelCacheName(repo: string, revision: string): string {
  return `${CACHE_PREFIX}${repo}@${revision}`;
}

/** `model-files:v1:owner/name@rev` back into its parts; null for caches that are not ours. */
export function parseModelCacheName(name: string): { repo: string; revision: string } | null {
  if (!name.startsWith(CACHE_PREFIX)) return null;
  const rest = name.slice(CACHE_PREFIX.length);
  const at = rest.indexOf('@');
  return at > 0 ? { repo: rest.slice(0, at), revision: rest.slice(at + 1) } : null;
}

const fileKey = (path: string): string => `${KEY_ORIGIN}file/${encodeURIComponent(path)}`;
const pinKey = (path: string): string => `${KEY_ORIGIN}pin/${encodeURIComponent(path)}`;

function pathOfKey(url: string, kind: 'file' | 'pin'): string | null {
  const prefix = `${KEY_ORIGIN}${kind}/`;
  return url.startsWith(prefix) ? decodeURIComponent(url.slice(prefix.length)) : null;
}

function recordHeaders(r: ModelFileRecord): Record<string, string> {
  return {
    'content-type': 'application/octet-stream',
    [H.size]: String(r.size),
    [H.sha256]: r.sha256,
    [H.trust]: r.trust,
    [H.storedAt]: r.storedAt,
  };
}

/** The record a stored response carries; null when its headers are missing or malformed (treated as not stored). */
export function recordFromHeaders(path: string, headers: Headers): ModelFileRecord | null {
  const size = Number(headers.get(H.size));
  const sha256 = headers.get(H.sha256) ?? '';
  const trust = headers.get(H.trust) as FileTrust | null;
  if (
    !Number.isSafeInteger(size) ||
    size < 0 ||
    !/^[0-9a-f]{64}$/.test(sha256) ||
    trust === null ||
    !TRUSTS.includes(trust)
  )
    return null;
  return { path, size, sha256, trust, storedAt: headers.get(H.storedAt) ?? '' };
}

/** A stream of views into `bytes`: `new Response(bytes)` would first copy the whole buffer. */
function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.byteLength) return controller.close();
      const end = Math.min(at + PUT_CHUNK, bytes.byteLength);
      controller.enqueue(bytes.subarray(at, end));
      at = end;
    },
  });
}

export function cacheStorageOrNull(): CacheStorage | null {
  return typeof caches === 'undefined' ? null : caches;
}

export function createCacheApiModelFileCache(repo: string, revision: string, storage: CacheStorage): ModelFileCache {
  const name = modelCacheName(repo, revision);
  const open = (): Promise<Cache> => storage.open(name);
  // Reads go through CacheStorage.match, which (unlike open) does not create an empty cache for a model never stored.
  const match = (key: string): Promise<Response | undefined> => storage.match(key, { cacheName: name });
  const head = async (path: string): Promise<ModelFileRecord | null> => {
    const res = await match(fileKey(path));
    if (!res) return null;
    // Not awaited: only the headers are wanted, and nothing needs to wait for the body to be released.
    void res.body?.cancel().catch(() => undefined);
    return recordFromHeaders(path, res.headers);
  };
  return {
    persistent: true,
    head,
    async get(path) {
      const res = await match(fileKey(path));
      if (!res) return null;
      const record = recordFromHeaders(path, res.headers);
      if (!record) {
        void res.body?.cancel().catch(() => undefined);
        return null;
      }
      return { record, bytes: new Uint8Array(await res.arrayBuffer()) };
    },
    async put(record, bytes) {
      // The cache commits the entry only once the body has been read to its end.
      await (await open()).put(fileKey(record.path), new Response(streamOf(bytes), { headers: recordHeaders(record) }));
    },
    async delete(path) {
      if (await storage.has(name)) await (await open()).delete(fileKey(path));
    },
    async keys() {
      if (!(await storage.has(name))) return [];
      const requests = await (await open()).keys();
      return requests.map((r) => pathOfKey(r.url, 'file')).filter((p): p is string => p !== null);
    },
    async getPin(path) {
      const res = await match(pinKey(path));
      return res ? recordFromHeaders(path, res.headers) : null;
    },
    async putPin(record) {
      await (await open()).put(pinKey(record.path), new Response(null, { headers: recordHeaders(record) }));
    },
  };
}

export interface CachedModelSummary {
  readonly repo: string;
  readonly revision: string;
  readonly files: number;
  /** Sum of the stored files' verified sizes. */
  readonly bytes: number;
}

/** Every model revision with stored files in the Cache API, for a settings screen; [] where there is no Cache API. */
export async function listCachedModels(
  storage: CacheStorage | null = cacheStorageOrNull(),
): Promise<CachedModelSummary[]> {
  if (!storage) return [];
  const out: CachedModelSummary[] = [];
  for (const name of await storage.keys()) {
    const source = parseModelCacheName(name);
    if (!source) continue;
    const cache = createCacheApiModelFileCache(source.repo, source.revision, storage);
    let files = 0;
    let bytes = 0;
    for (const path of await cache.keys()) {
      const record = await cache.head(path);
      if (!record) continue;
      files += 1;
      bytes += record.size;
    }
    if (files > 0) out.push({ ...source, files, bytes });
  }
  return out.sort((a, b) => a.repo.localeCompare(b.repo) || a.revision.localeCompare(b.revision));
}

/** Removes a model revision's files and pins; true when there was something to remove. */
export async function clearModelFiles(
  repo: string,
  revision: string,
  storage: CacheStorage | null = cacheStorageOrNull(),
): Promise<boolean> {
  return storage ? storage.delete(modelCacheName(repo, revision)) : false;
}
