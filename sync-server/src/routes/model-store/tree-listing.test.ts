// The Hub-style listing of the model store: pulled models from their manifests (sha256 as lfs.oid), hand-copied folders
// with sizes only, 404 for unknown repos, 4xx for traversal; and the puller itself pulls from this server with it.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullModel, verifyModel } from '../../../../models/src/download/pull.ts';
import { ensureTinyXtts, installTinyXtts, tinyXttsCatalogEntry, TINY_XTTS_REPO } from '../../../../models/src/fixtures/index.ts';
import { buildApp, errorBody, serveApp } from '../../../test/helpers.ts';
import { createModelStoreRoutes } from './index.ts';
import type { TreeEntry } from './tree-listing.ts';

const tmp = mkdtempSync(join(tmpdir(), 'tree-listing-'));
const modelsDir = join(tmp, 'store');
const LIST = `/models/api/models/${TINY_XTTS_REPO}/tree/main`;
let tinyDir = '';

beforeAll(async () => {
  await installTinyXtts(modelsDir);
  tinyDir = ensureTinyXtts();
  // A folder copied in by hand (no manifest), with an unfinished download, a dot-file and a link out of the store.
  mkdirSync(join(modelsDir, 'acme', 'tiny', 'onnx'), { recursive: true });
  writeFileSync(join(modelsDir, 'acme', 'tiny', 'config.json'), '{"model_type":"llama"}');
  writeFileSync(join(modelsDir, 'acme', 'tiny', 'onnx', 'model.onnx'), Buffer.alloc(1000, 1));
  writeFileSync(join(modelsDir, 'acme', 'tiny', 'onnx', 'model_q4.onnx.part'), 'partial');
  writeFileSync(join(modelsDir, 'acme', 'tiny', '.hidden'), 'x');
  writeFileSync(join(tmp, 'secret.txt'), 'secret');
  symlinkSync(join(tmp, 'secret.txt'), join(modelsDir, 'acme', 'tiny', 'link.txt'));
  mkdirSync(join(modelsDir, 'acme', 'pulled', 'resolve', 'abc123'), { recursive: true });
  writeFileSync(join(modelsDir, 'acme', 'pulled', 'resolve', 'abc123', 'config.json'), '{"pulled":true}');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function app() {
  return buildApp({ routes: [{ path: '/models', routes: createModelStoreRoutes({ modelsDir }) }] }).app;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('GET /models/api/models/<repo>/tree/<revision>', () => {
  it("lists a pulled model's files with the size and sha256 its manifest recorded", async () => {
    const res = await app().request(`${LIST}?recursive=true`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const files = (await res.json()) as TreeEntry[];
    expect(files.map((f) => f.path)).toEqual([...files.map((f) => f.path)].sort());
    expect(files).toHaveLength(11);
    const gpt = readFileSync(join(tinyDir, 'gpt_model.onnx'));
    expect(files.find((f) => f.path === 'gpt_model.onnx')).toEqual({
      type: 'file',
      path: 'gpt_model.onnx',
      size: gpt.byteLength,
      lfs: { oid: sha256(gpt), size: gpt.byteLength },
    });
    expect(files.find((f) => f.path === 'embeddings/text_embedding.npy')?.lfs?.oid).toBe(sha256(readFileSync(join(tinyDir, 'embeddings', 'text_embedding.npy'))));
  });

  it("keeps stating the recorded hash after a file is damaged, so the client's check catches it", async () => {
    const store = join(tmp, 'damaged');
    const { dir } = await installTinyXtts(store);
    const original = readFileSync(join(dir, 'vocab.json'));
    writeFileSync(join(dir, 'vocab.json'), Buffer.alloc(original.byteLength, 0x20));
    rmSync(join(dir, 'mel_stats.npy'));
    const local = buildApp({ routes: [{ path: '/models', routes: createModelStoreRoutes({ modelsDir: store }) }] }).app;
    const files = (await (await local.request(LIST)).json()) as TreeEntry[];
    expect(files.find((f) => f.path === 'vocab.json')?.lfs?.oid).toBe(sha256(original));
    // A file gone from disk is not offered.
    expect(files.map((f) => f.path)).not.toContain('mel_stats.npy');
  });

  it('lists a hand-copied folder with sizes only, for any revision, skipping .part, dot-files and links out', async () => {
    const res = await app().request('/models/api/models/acme/tiny/tree/main');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([
      { type: 'file', path: 'config.json', size: 22 },
      { type: 'file', path: 'onnx/model.onnx', size: 1000 },
    ]);
  });

  it("lists the puller's per-revision folder, and only the revision asked for", async () => {
    expect(await (await app().request('/models/api/models/acme/pulled/tree/abc123')).json()).toEqual([{ type: 'file', path: 'config.json', size: 15 }]);
    expect((await app().request('/models/api/models/acme/pulled/tree/main')).status).toBe(404);
  });

  it('answers 404 for an unknown repo and 4xx for traversal, never leaking the store path', async () => {
    expect((await app().request('/models/api/models/acme/nothing/tree/main')).status).toBe(404);
    expect((await app().request(`/models/api/models/${TINY_XTTS_REPO}/tree/other`)).status).toBe(404);
    for (const path of [
      '/models/api/models/..%2F..%2Fetc/tree/main',
      '/models/api/models/acme/%2e%2e/tree/main',
      '/models/api/models/%2e%2e/%2e%2e/tree/main',
      '/models/api/models/acme/tiny/tree/..',
      '/models/api/models/acme/tiny/tree/%2e%2e',
      '/models/api/models/acme/tiny/tree/a%00b',
      '/models/api/models/acme/tiny/tree/a%5Cb',
      '/models/api/models/a/b/c/tree/main',
      '/models/api/models/acme/tiny/blob/main',
    ]) {
      const res = await app().request(path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      expect((await errorBody(res)).message, path).not.toContain(modelsDir);
    }
  });

  it('lets another instance pull from this server with hashes from the listing (MODEL_MIRROR=<server>/models)', async () => {
    const server = await serveApp(app());
    try {
      const store = join(tmp, 'pulled-from-server');
      const entry = tinyXttsCatalogEntry(tinyDir, { hashes: false });
      const m = await pullModel(entry, { store, mirror: `${server.url}/models`, retries: 0 });
      expect(m.complete).toBe(true);
      // Every file's hash came from the listing before its download: trusted as 'source', not first use.
      expect(m.files.map((f) => f.trust)).toEqual(m.files.map(() => 'source'));
      expect(await verifyModel(store, entry.id, 'fp32')).toEqual({ ok: true, problems: [] });
    } finally {
      await server.close();
    }
  });
});
