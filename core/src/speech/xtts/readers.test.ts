import { describe, expect, it } from 'vitest';
import { createFetchReader } from './readers';

function fakeFetch(files: Record<string, Uint8Array>): { fetch: typeof fetch; urls: string[] } {
  const urls: string[] = [];
  const f = (async (input: string | URL) => {
    const url = String(input);
    urls.push(url);
    const body = files[new URL(url).pathname];
    if (!body) return new Response('missing', { status: 404 });
    return new Response(body, { headers: { 'content-length': String(body.length) } });
  }) as typeof fetch;
  return { fetch: f, urls };
}

describe('createFetchReader', () => {
  it('reads files under the base URL with progress, and names the file on HTTP errors', async () => {
    const data = Uint8Array.from({ length: 1000 }, (_, i) => i & 255);
    const { fetch, urls } = fakeFetch({ '/models/xtts/embeddings/mel_embedding.npy': data });
    const seen: number[] = [];
    const read = createFetchReader('https://cdn.example/models/xtts', {
      fetch,
      onProgress: (_p, got, total) => (expect(total).toBe(1000), seen.push(got)),
    });
    expect(await read('embeddings/mel_embedding.npy')).toEqual(data);
    expect(urls).toEqual(['https://cdn.example/models/xtts/embeddings/mel_embedding.npy']);
    expect(seen.at(-1)).toBe(1000);
    await expect(read('vocab.json')).rejects.toThrow(/vocab\.json: HTTP 404/);
  });
});
