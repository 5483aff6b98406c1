// fetchFile edge cases: a whole .part left before the rename, server errors retried, aborts keep the .part.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DownloadError } from './errors.ts';
import { fetchFile } from './fetch-file.ts';
import { startTestMirror } from './test-mirror.ts';
import type { TestMirror } from './test-mirror.ts';

const tmp = mkdtempSync(join(tmpdir(), 'fetch-file-'));
const body = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 31) % 251));
const sha = createHash('sha256').update(body).digest('hex');
let mirror: TestMirror;
let n = 0;
const dest = (): string => join(tmp, 'out', `file-${++n}.bin`);

beforeAll(async () => {
  mkdirSync(join(tmp, 'src'));
  writeFileSync(join(tmp, 'src', 'blob.bin'), body);
  mirror = await startTestMirror(join(tmp, 'src'));
});
afterAll(async () => {
  await mirror.close();
  rmSync(tmp, { recursive: true, force: true });
});

it('finishes a .part that is already whole when the server answers 416 with the same total', async () => {
  const d = dest();
  mkdirSync(join(tmp, 'out'), { recursive: true });
  writeFileSync(`${d}.part`, body);
  const r = await fetchFile({ url: `${mirror.url}/blob.bin`, dest: d });
  expect(mirror.requests.at(-1)).toMatchObject({ status: 416, range: `bytes=${body.byteLength}-` });
  expect(r).toMatchObject({ size: body.byteLength, sha256: sha });
  expect(existsSync(`${d}.part`)).toBe(false);
});

it('does not ask the server when the .part already has the expected size, and still checks the hash', async () => {
  const d = dest();
  writeFileSync(`${d}.part`, body);
  const before = mirror.requests.length;
  const r = await fetchFile({ url: `${mirror.url}/blob.bin`, dest: d, expected: { size: body.byteLength, sha256: sha } });
  expect(mirror.requests.length).toBe(before);
  expect(r.requests).toBe(0);
  const bad = dest();
  writeFileSync(`${bad}.part`, Buffer.alloc(body.byteLength));
  await expect(fetchFile({ url: `${mirror.url}/blob.bin`, dest: bad, expected: { size: body.byteLength, sha256: sha } })).rejects.toMatchObject({ code: 'HASH_MISMATCH' });
  expect(existsSync(`${bad}.part`)).toBe(false);
});

it('retries a 503 and then succeeds; gives up with HTTP_ERROR after its retries', async () => {
  let failures = 1;
  const flaky: typeof fetch = async (input, init) => (failures-- > 0 ? new Response('busy', { status: 503 }) : fetch(input, init));
  const r = await fetchFile({ url: `${mirror.url}/blob.bin`, dest: dest(), fetch: flaky, retryDelayMs: 1 });
  expect(r.requests).toBe(2);
  const down: typeof fetch = async () => new Response('busy', { status: 503 });
  const err = await fetchFile({ url: `${mirror.url}/blob.bin`, dest: dest(), fetch: down, retries: 2, retryDelayMs: 1 }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DownloadError);
  expect(err).toMatchObject({ code: 'HTTP_ERROR', recoverable: true });
});

it('an abort mid-body keeps the .part for a later resume', async () => {
  const controller = new AbortController();
  const d = dest();
  const err = await fetchFile({
    url: `${mirror.url}/blob.bin`,
    dest: d,
    signal: controller.signal,
    onProgress: (p) => {
      if (p.received > 0) controller.abort();
    },
  }).catch((e: unknown) => e);
  expect(err).toMatchObject({ code: 'ABORTED' });
  const kept = readFileSync(`${d}.part`).byteLength;
  expect(kept).toBeGreaterThan(0);
  const r = await fetchFile({ url: `${mirror.url}/blob.bin`, dest: d, expected: { sha256: sha } });
  expect(r.resumedFrom).toBe(kept);
  expect(readFileSync(d).equals(body)).toBe(true);
});
