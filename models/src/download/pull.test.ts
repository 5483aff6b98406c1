// pullModel against a loopback mirror: resume after a cut connection, C3 refusals, 404, mirror override, trust on first use.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, installTinyLlm, tinyLlmCatalogEntry, TINY_LLM_REPO } from '../fixtures/index.ts';
import { DownloadError } from './errors.ts';
import { pullModel, verifyModel } from './pull.ts';
import { listManifests, readManifest, removeModel, revisionDir, storeFilePath } from './store.ts';
import { startTestMirror } from './test-mirror.ts';
import type { TestMirror } from './test-mirror.ts';

const tmp = mkdtempSync(join(tmpdir(), 'pull-'));
let tinyDir = '';
let srcRoot = '';
const MODEL = 'onnx/model.onnx';
const modelUrlPath = `${TINY_LLM_REPO}/resolve/main/${MODEL}`;
let mirror: TestMirror | null = null;
let n = 0;
const freshStore = (): string => join(tmp, `store-${++n}`);
const fast = { retries: 3, retryDelayMs: 1 };

beforeAll(() => {
  tinyDir = ensureFixtures({ dir: join(tmp, 'fixtures') }).tinyLlm;
  // The "source": the fixture laid out as the Hub serves it.
  srcRoot = join(tmp, 'source');
  cpSync(tinyDir, revisionDir(srcRoot, TINY_LLM_REPO, 'main'), { recursive: true });
});
afterEach(async () => {
  await mirror?.close();
  mirror = null;
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function expectCode(p: Promise<unknown>, code: string): Promise<DownloadError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DownloadError);
  expect((err as DownloadError).code).toBe(code);
  return err as DownloadError;
}

describe('pullModel', () => {
  it('downloads every file into the Hugging Face layout with a complete, catalog-trusted manifest', async () => {
    mirror = await startTestMirror(srcRoot);
    const store = freshStore();
    const m = await pullModel(tinyLlmCatalogEntry(tinyDir), { store, mirror: mirror.url, ...fast });
    expect(m.complete).toBe(true);
    expect(m.files.map((f) => f.path).sort()).toEqual(
      ['config.json', 'generation_config.json', MODEL, 'tokenizer.json', 'tokenizer_config.json'].sort(),
    );
    expect(m.files.every((f) => f.trust === 'catalog')).toBe(true);
    const got = readFileSync(storeFilePath(store, TINY_LLM_REPO, 'main', MODEL));
    expect(got.equals(readFileSync(join(tinyDir, MODEL)))).toBe(true);
    expect(existsSync(`${storeFilePath(store, TINY_LLM_REPO, 'main', MODEL)}.part`)).toBe(false);
    expect(await verifyModel(store, 'test-tiny-llm', 'fp32')).toEqual({ ok: true, problems: [] });
    expect((await listManifests(store)).map((x) => `${x.id}@${x.quant}`)).toEqual(['test-tiny-llm@fp32']);
  });

  it('resumes with a Range request after the server cuts the connection mid-file', async () => {
    const cutAt = 60_000;
    mirror = await startTestMirror(srcRoot, { cut: new Map([[modelUrlPath, { after: cutAt }]]) });
    const store = freshStore();
    const m = await pullModel(tinyLlmCatalogEntry(tinyDir), { store, mirror: mirror.url, ...fast });
    expect(m.complete).toBe(true);
    const modelRequests = mirror.requests.filter((r) => r.path.endsWith(MODEL));
    expect(modelRequests).toHaveLength(2);
    expect(modelRequests[0]?.range).toBeNull();
    // The resume starts where the .part ended: at the cut, or a little before if the last bytes were lost in flight.
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(modelRequests[1]?.range ?? '')?.[1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(cutAt);
    expect(modelRequests[1]?.status).toBe(206);
    expect(readFileSync(storeFilePath(store, TINY_LLM_REPO, 'main', MODEL)).equals(readFileSync(join(tinyDir, MODEL)))).toBe(true);
  });

  it('keeps the .part after an interrupted pull, leaves the model incomplete, and a second pull resumes it', async () => {
    const cutAt = 50_000;
    mirror = await startTestMirror(srcRoot, { cut: new Map([[modelUrlPath, { after: cutAt }]]) });
    const store = freshStore();
    const entry = tinyLlmCatalogEntry(tinyDir);
    await expectCode(pullModel(entry, { store, mirror: mirror.url, retries: 0 }), 'NETWORK');
    const dest = storeFilePath(store, TINY_LLM_REPO, 'main', MODEL);
    const kept = readFileSync(`${dest}.part`).byteLength;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(cutAt);
    expect(existsSync(dest)).toBe(false);
    expect((await readManifest(store, 'test-tiny-llm', 'fp32'))?.complete).toBe(false);
    expect((await verifyModel(store, 'test-tiny-llm', 'fp32')).ok).toBe(false);

    const m = await pullModel(entry, { store, mirror: mirror.url, retries: 0 });
    expect(m.complete).toBe(true);
    expect(mirror.requests.filter((r) => r.path.endsWith(MODEL)).at(-1)).toMatchObject({ range: `bytes=${kept}-`, status: 206 });
    expect((await verifyModel(store, 'test-tiny-llm', 'fp32')).ok).toBe(true);
  });

  it('starts over when the server answers a Range request with 200', async () => {
    mirror = await startTestMirror(srcRoot, { ignoreRange: true });
    const store = freshStore();
    const dest = storeFilePath(store, TINY_LLM_REPO, 'main', MODEL);
    mkdirSync(join(dest, '..'), { recursive: true });
    writeFileSync(`${dest}.part`, Buffer.alloc(1000, 0x41)); // bytes that must not survive
    const m = await pullModel(tinyLlmCatalogEntry(tinyDir), { store, mirror: mirror.url, ...fast });
    expect(m.complete).toBe(true);
    expect(mirror.requests.find((r) => r.path.endsWith(MODEL))).toMatchObject({ range: 'bytes=1000-', status: 200 });
    expect(readFileSync(dest).equals(readFileSync(join(tinyDir, MODEL)))).toBe(true);
  });

  it('verifyModel finds a file corrupted on disk after the pull (a quick check sees only size changes)', async () => {
    mirror = await startTestMirror(srcRoot);
    const store = freshStore();
    await pullModel(tinyLlmCatalogEntry(tinyDir), { store, mirror: mirror.url, ...fast });
    const file = storeFilePath(store, TINY_LLM_REPO, 'main', MODEL);
    const bytes = readFileSync(file);
    bytes[500] = (bytes[500] ?? 0) ^ 1;
    writeFileSync(file, bytes);
    expect(await verifyModel(store, 'test-tiny-llm', 'fp32')).toEqual({ ok: false, problems: [`${MODEL}: sha256 mismatch`] });
    expect((await verifyModel(store, 'test-tiny-llm', 'fp32', { hashes: false })).ok).toBe(true);
    writeFileSync(file, bytes.subarray(1));
    expect((await verifyModel(store, 'test-tiny-llm', 'fp32', { hashes: false })).ok).toBe(false);
    // A plain re-pull repairs a file whose size changed; a changed byte needs verifyExisting (a full re-hash).
    await pullModel(tinyLlmCatalogEntry(tinyDir), { store, mirror: mirror.url, ...fast });
    expect((await verifyModel(store, 'test-tiny-llm', 'fp32')).ok).toBe(true);
    writeFileSync(file, bytes);
    await pullModel(tinyLlmCatalogEntry(tinyDir), { store, mirror: mirror.url, verifyExisting: true, ...fast });
    expect((await verifyModel(store, 'test-tiny-llm', 'fp32')).ok).toBe(true);
  });

  it('refuses a corrupted file (sha256 mismatch): nothing kept, model not complete', async () => {
    const bad = Buffer.from(readFileSync(join(tinyDir, MODEL)));
    bad[1234] = (bad[1234] ?? 0) ^ 0xff;
    mirror = await startTestMirror(srcRoot, { replace: new Map([[modelUrlPath, bad]]) });
    const store = freshStore();
    const err = await expectCode(pullModel(tinyLlmCatalogEntry(tinyDir), { store, mirror: mirror.url, ...fast }), 'HASH_MISMATCH');
    expect(err.recoverable).toBe(false);
    const dest = storeFilePath(store, TINY_LLM_REPO, 'main', MODEL);
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(`${dest}.part`)).toBe(false);
    expect((await readManifest(store, 'test-tiny-llm', 'fp32'))?.complete).toBe(false);
  });

  it('refuses a file of the wrong size', async () => {
    const longer = Buffer.concat([readFileSync(join(tinyDir, 'config.json')), Buffer.from(' ')]);
    mirror = await startTestMirror(srcRoot, { replace: new Map([[`${TINY_LLM_REPO}/resolve/main/config.json`, longer]]) });
    const store = freshStore();
    await expectCode(pullModel(tinyLlmCatalogEntry(tinyDir), { store, mirror: mirror.url, ...fast }), 'SIZE_MISMATCH');
    expect(existsSync(storeFilePath(store, TINY_LLM_REPO, 'main', 'config.json'))).toBe(false);
  });

  it('reports a missing file as NOT_FOUND', async () => {
    mirror = await startTestMirror(srcRoot);
    const store = freshStore();
    const entry = tinyLlmCatalogEntry(tinyDir);
    entry.variants[0]?.files.push({ path: 'onnx/model.onnx_data', size: null, sha256: null });
    const err = await expectCode(pullModel(entry, { store, mirror: mirror.url, ...fast }), 'NOT_FOUND');
    expect(err.recoverable).toBe(false);
    expect((await readManifest(store, 'test-tiny-llm', 'fp32'))?.complete).toBe(false);
  });

  it('uses the mirror base URL, path prefix included', async () => {
    const prefixed = join(tmp, 'prefixed');
    cpSync(srcRoot, join(prefixed, 'hf-mirror'), { recursive: true });
    mirror = await startTestMirror(prefixed);
    const store = freshStore();
    await pullModel(tinyLlmCatalogEntry(tinyDir), { store, mirror: `${mirror.url}/hf-mirror/`, ...fast });
    expect(mirror.requests.length).toBeGreaterThan(0);
    expect(mirror.requests.every((r) => r.path.startsWith(`/hf-mirror/${TINY_LLM_REPO}/resolve/main/`))).toBe(true);
  });

  it('trusts on first use when the catalog has no hashes, then enforces the recorded hash', async () => {
    mirror = await startTestMirror(srcRoot);
    const store = freshStore();
    const entry = tinyLlmCatalogEntry(tinyDir, { hashes: false });
    const first = await pullModel(entry, { store, mirror: mirror.url, ...fast });
    expect(first.files.every((f) => f.trust === 'first-use')).toBe(true);
    await mirror.close();
    // The file is lost locally and the source now serves different bytes of the same length.
    rmSync(storeFilePath(store, TINY_LLM_REPO, 'main', 'tokenizer.json'));
    const swapped = Buffer.from(readFileSync(join(tinyDir, 'tokenizer.json')));
    swapped[10] = 0x20;
    mirror = await startTestMirror(srcRoot, { replace: new Map([[`${TINY_LLM_REPO}/resolve/main/tokenizer.json`, swapped]]) });
    await expectCode(pullModel(entry, { store, mirror: mirror.url, ...fast }), 'HASH_MISMATCH');
  });

  it('takes the hash the Hub states on its redirect and pins the commit it names', async () => {
    const commit = 'a'.repeat(40);
    const bad = Buffer.from(readFileSync(join(tinyDir, 'tokenizer_config.json')));
    bad[5] = 0x21;
    mirror = await startTestMirror(srcRoot, { hubRedirects: { commit }, replace: new Map([[`${TINY_LLM_REPO}/resolve/main/tokenizer_config.json`, bad]]) });
    const store = freshStore();
    const entry = tinyLlmCatalogEntry(tinyDir, { hashes: false });
    await expectCode(pullModel(entry, { store, mirror: mirror.url, ...fast }), 'HASH_MISMATCH');
    const m = await readManifest(store, 'test-tiny-llm', 'fp32');
    expect(m?.resolvedRevision).toBe(commit);
    expect(m?.files.find((f) => f.path === 'config.json')?.trust).toBe('source');
    // Every request after the first went to the pinned commit, not to "main".
    const firsts = mirror.requests.filter((r) => r.status === 302);
    expect(firsts.slice(1).every((r) => r.path.includes(`/resolve/${commit}/`))).toBe(true);
  });

  it('sends HF_TOKEN to huggingface.co only: not to the CDN it redirects to, not to a mirror', async () => {
    mirror = await startTestMirror(srcRoot, { hubRedirects: { commit: 'b'.repeat(40) } });
    const base = mirror.url;
    // The "CDN" is another origin than the Hub, as Hugging Face's LFS storage is.
    if (mirror.faults.hubRedirects) mirror.faults.hubRedirects.cdnOrigin = base;
    const seen: { url: string; auth: string | null }[] = [];
    // Stands in for the Hub: requests to huggingface.co go to the loopback mirror, redirects stay there.
    const viaHub: typeof fetch = async (input, init) => {
      const url = String(input);
      seen.push({ url, auth: new Headers(init?.headers).get('authorization') });
      return fetch(url.replace('https://huggingface.co', base), init);
    };
    const entry = tinyLlmCatalogEntry(tinyDir);
    await pullModel(entry, { store: freshStore(), fetch: viaHub, hfToken: 'hf_secret', ...fast });
    expect(seen.filter((s) => s.url.startsWith('https://huggingface.co/')).every((s) => s.auth === 'Bearer hf_secret')).toBe(true);
    // The mirror answers the Hub's part with 302s and the CDN's part with the bytes.
    const cdn = mirror.requests.filter((r) => r.status !== 302);
    expect(cdn.length).toBeGreaterThan(0);
    expect(cdn.every((r) => r.authorization === null)).toBe(true);
    const before = mirror.requests.length;
    await pullModel(entry, { store: freshStore(), mirror: base, hfToken: 'hf_secret', ...fast });
    expect(mirror.requests.slice(before).every((r) => r.authorization === null)).toBe(true);
  });

  it('remove deletes a variant and its files but keeps files another manifest lists', async () => {
    mirror = await startTestMirror(srcRoot);
    const store = freshStore();
    const entry = tinyLlmCatalogEntry(tinyDir);
    await pullModel(entry, { store, mirror: mirror.url, ...fast });
    const removed = await removeModel(store, 'test-tiny-llm', 'fp32');
    expect(removed).toContain(MODEL);
    expect(await readManifest(store, 'test-tiny-llm', 'fp32')).toBeNull();
    expect(existsSync(revisionDir(store, TINY_LLM_REPO, 'main'))).toBe(false);
  });

  it('installTinyLlm leaves the same store a pull would, verified and listed', async () => {
    const store = freshStore();
    const installed = await installTinyLlm(store, { dir: join(tmp, 'fixtures') });
    expect(installed.dir).toBe(revisionDir(store, TINY_LLM_REPO, 'main'));
    expect(await verifyModel(store, installed.id, installed.quant)).toEqual({ ok: true, problems: [] });
    mirror = await startTestMirror(srcRoot);
    const before = mirror.requests.length;
    await pullModel(tinyLlmCatalogEntry(tinyDir), { store, mirror: mirror.url, ...fast });
    expect(mirror.requests.length).toBe(before); // nothing to fetch: already complete
  });

  it('refuses repository ids and file paths that would leave the store', async () => {
    const store = freshStore();
    const entry = tinyLlmCatalogEntry(tinyDir);
    entry.source.files.push({ path: '../../../../etc/passwd', size: null, sha256: null });
    await expectCode(pullModel(entry, { store, mirror: 'http://127.0.0.1:9', ...fast }), 'UNSAFE_PATH');
    expect(() => revisionDir(store, '../x', 'main')).toThrow(DownloadError);
    expect(() => revisionDir(store, 'a/b', '..')).toThrow(DownloadError);
  });
});
