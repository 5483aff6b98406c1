// Pulling a voice model (test-tiny-xtts laid out like the real export, inside `xtts_onnx/`) from a loopback mirror:
// sizes and hashes from the Hub's tree listing, optional external data found or skipped, C3 refusals, resume.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { XttsCatalogEntry } from '../../../core/src/schemas/voice-models.ts';
import { ensureTinyXtts, tinyXttsCatalogEntry } from '../fixtures/index.ts';
import { DownloadError } from './errors.ts';
import { fetchRepoListing } from './hub-listing.ts';
import { pullModel, verifyModel } from './pull.ts';
import { readManifest, revisionDir, storeFilePath } from './store.ts';
import { startTestMirror } from './test-mirror.ts';
import type { MirrorFaults, TestMirror } from './test-mirror.ts';

const REPO = 'acme/XTTS-Test-ONNX';
const FOLDER = 'xtts_onnx';
const DATA = `${FOLDER}/gpt_model.onnx_data`;
const tmp = mkdtempSync(join(tmpdir(), 'pull-xtts-'));
let tiny = '';
let mirror: TestMirror | null = null;
let n = 0;
const fast = { retries: 3, retryDelayMs: 1 };
const freshStore = (): string => join(tmp, `store-${++n}`);

/** A source repo holding the fixture in `xtts_onnx/`, with an external-data file beside the GPT when asked. */
function source(withData: boolean): string {
  const root = join(tmp, `source-${++n}`);
  const dir = join(revisionDir(root, REPO, 'main'), FOLDER);
  cpSync(tiny, dir, { recursive: true, filter: (p) => !p.endsWith('.fixture-version') });
  if (withData) writeFileSync(join(dir, 'gpt_model.onnx_data'), Buffer.alloc(50_000, 7));
  return root;
}

/** The real catalog's shape: no sizes or hashes, an optional external-data file for the fp32 GPT. */
function entry(): XttsCatalogEntry {
  const e = tinyXttsCatalogEntry(tiny, { hashes: false, repo: REPO, folder: FOLDER });
  const [v] = e.variants;
  return { ...e, id: 'tiny-xtts', variants: [{ ...v!, optionalFiles: [{ path: 'gpt_model.onnx_data', size: null, sha256: null }] }] };
}

async function serve(root: string, faults: MirrorFaults): Promise<TestMirror> {
  mirror = await startTestMirror(root, faults);
  return mirror;
}

beforeAll(() => {
  tiny = ensureTinyXtts();
});
afterEach(async () => {
  await mirror?.close();
  mirror = null;
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('pulling an XTTS export', () => {
  it('takes sizes and sha256 from the tree listing, fetches the external data it lists, and writes an xtts manifest', async () => {
    const root = source(true);
    const m = await serve(root, { treeListing: { pageSize: 4 } });
    const store = freshStore();
    const manifest = await pullModel(entry(), { store, mirror: m.url, ...fast });
    expect(manifest).toMatchObject({ id: 'tiny-xtts', quant: 'fp32', runtime: 'xtts', repo: REPO, complete: true });
    const byPath = new Map(manifest.files.map((f) => [f.path, f]));
    expect([...byPath.keys()]).toContain(`${FOLDER}/metadata.json`);
    expect([...byPath.keys()]).toContain(`${FOLDER}/embeddings/text_embedding.npy`);
    // Binary files carry lfs.oid in the listing (several pages here): their hash was known before the download.
    expect(byPath.get(`${FOLDER}/gpt_model.onnx`)?.trust).toBe('source');
    expect(byPath.get(DATA)).toMatchObject({ size: 50_000, trust: 'source' });
    // Small text files have no sha256 in the listing: recorded on first use.
    expect(byPath.get(`${FOLDER}/metadata.json`)?.trust).toBe('first-use');
    const gpt = readFileSync(storeFilePath(store, REPO, 'main', `${FOLDER}/gpt_model.onnx`));
    expect(gpt.equals(readFileSync(join(tiny, 'gpt_model.onnx')))).toBe(true);
    expect(m.requests.filter((r) => r.path.startsWith('/api/models/')).length).toBeGreaterThan(1);
    expect(await verifyModel(store, 'tiny-xtts', 'fp32')).toEqual({ ok: true, problems: [] });
  });

  it('does not ask for an optional file the listing does not name', async () => {
    const m = await serve(source(false), { treeListing: {} });
    const manifest = await pullModel(entry(), { store: freshStore(), mirror: m.url, ...fast });
    expect(manifest.complete).toBe(true);
    expect(manifest.files.map((f) => f.path)).not.toContain(DATA);
    expect(m.requests.some((r) => r.path.endsWith('onnx_data'))).toBe(false);
  });

  it('without a listing, probes the optional file: a 404 skips it, a present one is fetched', async () => {
    const without = await serve(source(false), {});
    const a = await pullModel(entry(), { store: freshStore(), mirror: without.url, ...fast });
    expect(a.complete).toBe(true);
    expect(a.files.map((f) => f.path)).not.toContain(DATA);
    expect(without.requests.find((r) => r.path.endsWith('onnx_data'))?.status).toBe(404);
    await without.close();
    const withData = await serve(source(true), {});
    const b = await pullModel(entry(), { store: freshStore(), mirror: withData.url, ...fast });
    expect(b.files.find((f) => f.path === DATA)).toMatchObject({ size: 50_000, trust: 'first-use' });
  });

  it('still fails on a missing required file', async () => {
    const root = source(false);
    rmSync(join(revisionDir(root, REPO, 'main'), FOLDER, 'hifigan_vocoder.onnx'));
    const m = await serve(root, { treeListing: {} });
    const err = await pullModel(entry(), { store: freshStore(), mirror: m.url, ...fast }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DownloadError);
    expect((err as DownloadError).code).toBe('NOT_FOUND');
  });

  it('refuses a file whose bytes differ from the hash the listing states (C3), leaving the model incomplete', async () => {
    const root = source(false);
    const rel = `${REPO}/resolve/main/${FOLDER}/gpt_model.onnx`;
    const bad = Uint8Array.from(readFileSync(join(tiny, 'gpt_model.onnx')));
    bad[100] = (bad[100] ?? 0) ^ 0xff;
    const m = await serve(root, { treeListing: {}, replace: new Map([[rel, bad]]) });
    const store = freshStore();
    const err = await pullModel(entry(), { store, mirror: m.url, ...fast }).catch((e: unknown) => e);
    expect((err as DownloadError).code).toBe('HASH_MISMATCH');
    expect((await readManifest(store, 'tiny-xtts', 'fp32'))?.complete).toBe(false);
  });

  it('resumes a cut download of the GPT graph with a Range request', async () => {
    const rel = `${REPO}/resolve/main/${FOLDER}/gpt_model.onnx`;
    const m = await serve(source(false), { treeListing: {}, cut: new Map([[rel, { after: 20_000 }]]) });
    const manifest = await pullModel(entry(), { store: freshStore(), mirror: m.url, ...fast });
    expect(manifest.complete).toBe(true);
    const gptRequests = m.requests.filter((r) => r.path.endsWith('/gpt_model.onnx'));
    expect(gptRequests.map((r) => r.status)).toEqual([200, 206]);
  });
});

describe('fetchRepoListing', () => {
  it('is null when the source has no listing or an unknown repo, and follows Link pages', async () => {
    const root = source(true);
    const m = await serve(root, { treeListing: { pageSize: 2 } });
    const all = await fetchRepoListing({ base: m.url, repo: REPO, revision: 'main' });
    expect(all?.get(DATA)).toEqual({ size: 50_000, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(all?.get(`${FOLDER}/vocab.json`)?.sha256).toBeNull();
    // Folders are not files.
    expect(all?.has(FOLDER)).toBe(false);
    expect(await fetchRepoListing({ base: m.url, repo: 'acme/nothing', revision: 'main' })).toBeNull();
    await m.close();
    const plain = await serve(root, {});
    expect(await fetchRepoListing({ base: plain.url, repo: REPO, revision: 'main' })).toBeNull();
  });

  it('skips malformed entries and unsafe paths, and takes a sha256 only from lfs.oid', async () => {
    const body = [
      { type: 'file', path: '../escape.onnx', size: 1, lfs: { oid: 'a'.repeat(64), size: 1 } },
      { type: 'file', path: 'ok.onnx', size: 5, oid: 'b'.repeat(64) },
      { type: 'file', path: 'lfs.onnx', size: 134, lfs: { oid: 'c'.repeat(64), size: 9000 } },
      { type: 'file', path: 'nosize.json' },
      'garbage',
    ];
    const fakeFetch = (async () => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } })) as typeof fetch;
    const got = await fetchRepoListing({ base: 'http://mirror.invalid/models', repo: REPO, revision: 'main', fetch: fakeFetch });
    expect([...(got?.entries() ?? [])]).toEqual([
      ['ok.onnx', { size: 5, sha256: null }],
      ['lfs.onnx', { size: 9000, sha256: 'c'.repeat(64) }],
    ]);
  });
});
