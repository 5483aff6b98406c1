import { describe, expect, it } from 'vitest';
import { fetchTreeListing, parseTreeListing } from './listing';
import { fileUrl, treeUrl } from './urls';

// Shaped like https://huggingface.co/api/models/<repo>/tree/main?recursive=true answers.
const HF_PAGE = [
  { type: 'file', oid: '1f7bd6c7b2c7b9e1cf1b8c1d2a0a7c2d0e7b9a11', size: 1519, path: '.gitattributes' },
  { type: 'directory', oid: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', size: 0, path: 'onnx' },
  {
    type: 'file',
    oid: '7d3b2a1c0f9e8d7c6b5a49382716f5e4d3c2b1a0',
    size: 1_519_000_123,
    path: 'onnx/gpt_model.onnx',
    lfs: {
      oid: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      size: 1_519_000_123,
      pointerSize: 135,
    },
    xetHash: '0123abcd',
  },
  { type: 'file', oid: 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391', size: 4242, path: 'config.json' },
  { type: 'file', path: 'broken.bin', size: -1, lfs: { oid: 'not-a-hash', size: 'big' } },
  'garbage',
  null,
];

describe('parseTreeListing', () => {
  it('takes sizes and LFS sha256 from the Hub format, skips folders and malformed entries', () => {
    const listing = parseTreeListing(HF_PAGE);
    expect([...listing.keys()]).toEqual(['.gitattributes', 'onnx/gpt_model.onnx', 'config.json', 'broken.bin']);
    expect(listing.get('onnx/gpt_model.onnx')).toEqual({
      size: 1_519_000_123,
      sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    });
    // A plain git file's oid is a git SHA-1, never taken for a sha256.
    expect(listing.get('config.json')).toEqual({ size: 4242, sha256: null });
    expect(listing.get('broken.bin')).toEqual({ size: null, sha256: null });
  });

  it('refuses a body that is not an array', () => {
    expect(() => parseTreeListing({ error: 'Repository not found' })).toThrow(TypeError);
  });
});

describe('fetchTreeListing', () => {
  const base = { base: 'https://hub.test/', repo: 'owner/model', revision: 'main' };

  it('follows Link rel="next" pages', async () => {
    const urls: string[] = [];
    const fetchPages: typeof fetch = async (input) => {
      const url = String(input);
      urls.push(url);
      if (url.includes('cursor=2')) return Response.json([{ type: 'file', path: 'b.bin', size: 2 }]);
      return Response.json([{ type: 'file', path: 'a.bin', size: 1 }], {
        headers: { link: '<https://hub.test/api/models/owner/model/tree/main?recursive=true&cursor=2>; rel="next"' },
      });
    };
    const listing = await fetchTreeListing({ ...base, fetch: fetchPages });
    expect([...(listing?.keys() ?? [])]).toEqual(['a.bin', 'b.bin']);
    expect(urls[0]).toBe('https://hub.test/api/models/owner/model/tree/main?recursive=true');
  });

  it('is null, not an error, when the host has no listing or it is not JSON', async () => {
    expect(await fetchTreeListing({ ...base, fetch: async () => new Response('no', { status: 404 }) })).toBeNull();
    expect(await fetchTreeListing({ ...base, fetch: async () => new Response('<html>', { status: 200 }) })).toBeNull();
    expect(await fetchTreeListing({ ...base, fetch: async () => Promise.reject(new TypeError('offline')) })).toBeNull();
  });

  it('throws DOWNLOAD_ABORTED when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const fetchAborting: typeof fetch = async (_input, init) => {
      if (init?.signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
      return Response.json([]);
    };
    await expect(fetchTreeListing({ ...base, fetch: fetchAborting, signal: controller.signal })).rejects.toMatchObject({
      code: 'DOWNLOAD_ABORTED',
    });
  });
});

describe('urls', () => {
  it('keeps a mirror base path and encodes a revision with slashes as one segment', () => {
    expect(fileUrl('http://127.0.0.1:3000/models', 'owner/model', 'refs/pr/1', 'onnx/a b.onnx')).toBe(
      'http://127.0.0.1:3000/models/owner/model/resolve/refs%2Fpr%2F1/onnx/a%20b.onnx',
    );
    expect(treeUrl('https://huggingface.co/', 'owner/model', 'main')).toBe(
      'https://huggingface.co/api/models/owner/model/tree/main?recursive=true',
    );
  });
});
