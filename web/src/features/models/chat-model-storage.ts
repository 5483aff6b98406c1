// Chat-model files this browser keeps (transformers.js and WebLLM keep them in the Cache API): space per model,
// and removal. Grouped by the Hugging Face repository in each file's URL.
export interface StoredChatModel {
  repo: string;
  files: number;
  bytes: number;
  /** Cache name and request URL of every file, for removal. */
  entries: Array<{ cache: string; url: string }>;
}

/** transformers.js's cache, and WebLLM's caches of weights, configs and compiled libraries. */
const CACHE_NAMES = ['transformers-cache', 'webllm/model', 'webllm/config', 'webllm/wasm'];

/** `…/<owner>/<name>/resolve/<rev>/…` → `owner/name`; other URLs by their host and first path segment. */
export function repoOf(url: string): string {
  const u = new URL(url);
  const parts = u.pathname.split('/').filter(Boolean);
  const resolve = parts.indexOf('resolve');
  if (resolve >= 2) return `${parts[resolve - 2]}/${parts[resolve - 1]}`;
  return `${u.host}/${parts[0] ?? ''}`;
}

export async function listStoredChatModels(storage: CacheStorage = caches): Promise<StoredChatModel[]> {
  const byRepo = new Map<string, StoredChatModel>();
  const names = new Set(await storage.keys());
  for (const cacheName of CACHE_NAMES) {
    if (!names.has(cacheName)) continue;
    const cache = await storage.open(cacheName);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      // Content-Length is what was downloaded; reading the body to measure it would load gigabytes.
      const bytes = Number(response?.headers.get('content-length') ?? 0) || 0;
      const repo = repoOf(request.url);
      const entry = byRepo.get(repo) ?? { repo, files: 0, bytes: 0, entries: [] };
      entry.files += 1;
      entry.bytes += bytes;
      entry.entries.push({ cache: cacheName, url: request.url });
      byRepo.set(repo, entry);
    }
  }
  return [...byRepo.values()].sort((a, b) => b.bytes - a.bytes);
}

export async function removeStoredChatModel(model: StoredChatModel, storage: CacheStorage = caches): Promise<void> {
  for (const { cache, url } of model.entries) await (await storage.open(cache)).delete(url);
}
