import { describe, expect, it } from 'vitest';
import { downloadVerifiedFile, type DownloadFileOptions } from './download';
import { BASE, REPO, REV, bytesOf, createFakeHost, sha256Hex, type FakeHost } from './fake-host.test-helper';
import { fileUrl } from './urls';

const PATH = 'onnx/gpt_model.onnx';

async function download(host: FakeHost, extra: Partial<DownloadFileOptions> = {}) {
  const seen: [number, number | null][] = [];
  const got = await downloadVerifiedFile({
    url: fileUrl(BASE, REPO, REV, PATH),
    path: PATH,
    expectedSize: null,
    expectedSha256: null,
    fetch: host.fetch,
    retryDelayMs: 0,
    onBytes: (r, t) => seen.push([r, t]),
    ...extra,
  });
  return { got, seen };
}

describe('downloadVerifiedFile', () => {
  it('returns the exact bytes and their sha256, with progress rising to the size', async () => {
    const file = bytesOf(10_500);
    const host = createFakeHost({ [PATH]: file }, { chunk: 1000 });
    const { got, seen } = await download(host, {
      expectedSize: file.byteLength,
      expectedSha256: await sha256Hex(file),
    });
    expect(got.bytes).toEqual(file);
    expect(got.sha256).toBe(await sha256Hex(file));
    // Known size: one buffer of exactly that size, filled in place.
    expect(got.bytes.buffer.byteLength).toBe(file.byteLength);
    expect(seen.length).toBe(11);
    expect(seen.map(([r]) => r)).toEqual([...seen.map(([r]) => r)].sort((a, b) => a - b));
    expect(seen.at(-1)).toEqual([file.byteLength, file.byteLength]);
  });

  it('resumes a cut connection with Range from the bytes it holds, and keeps hashing', async () => {
    const file = bytesOf(9_000, 2);
    const host = createFakeHost(
      { [PATH]: file },
      { chunk: 1000, faults: { cut: new Map([[PATH, { after: 4_000 }]]) } },
    );
    const { got, seen } = await download(host, { expectedSha256: await sha256Hex(file) });
    expect(got.bytes).toEqual(file);
    expect(host.requests.map((r) => [r.range, r.status])).toEqual([
      [null, 200],
      ['bytes=4000-', 206],
    ]);
    const received = seen.map(([r]) => r);
    expect(received).toEqual([...received].sort((a, b) => a - b));
  });

  it('survives several cuts in a row when each attempt brings new bytes', async () => {
    const file = bytesOf(8_000, 3);
    const host = createFakeHost(
      { [PATH]: file },
      { chunk: 500, faults: { cut: new Map([[PATH, { after: 1_000, times: 7 }]]) } },
    );
    const { got } = await download(host, { retries: 2, expectedSha256: await sha256Hex(file) });
    expect(got.bytes).toEqual(file);
    expect(host.requests.map((r) => r.range)).toEqual([
      null,
      'bytes=1000-',
      'bytes=2000-',
      'bytes=3000-',
      'bytes=4000-',
      'bytes=5000-',
      'bytes=6000-',
      'bytes=7000-',
    ]);
  });

  it('restarts from byte 0 when the host answers a Range request with 200', async () => {
    const file = bytesOf(6_000, 4);
    const host = createFakeHost(
      { [PATH]: file },
      { chunk: 1000, faults: { ignoreRange: true, cut: new Map([[PATH, { after: 3_000 }]]) } },
    );
    const { got, seen } = await download(host, {
      expectedSize: file.byteLength,
      expectedSha256: await sha256Hex(file),
    });
    expect(got.bytes).toEqual(file);
    expect(got.sha256).toBe(await sha256Hex(file));
    expect(host.requests.map((r) => [r.range, r.status])).toEqual([
      [null, 200],
      ['bytes=3000-', 200],
    ]);
    // The one drop in progress is the restart.
    const drops = seen.filter(([r], i) => i > 0 && r < (seen[i - 1]?.[0] ?? 0));
    expect(drops).toEqual([[0, file.byteLength]]);
  });

  it('gives up with DOWNLOAD_FAILED after the retries when no bytes come', async () => {
    const file = bytesOf(3_000, 5);
    const host = createFakeHost({ [PATH]: file }, { faults: { cut: new Map([[PATH, { after: 0, times: 99 }]]) } });
    await expect(download(host, { retries: 2 })).rejects.toMatchObject({ code: 'DOWNLOAD_FAILED', recoverable: true });
    expect(host.requests).toHaveLength(3);
  });

  it('retries a 503 and refuses a 403 at once', async () => {
    const file = bytesOf(100);
    const busy = createFakeHost({ [PATH]: file }, { faults: { status: 503 } });
    await expect(download(busy, { retries: 1 })).rejects.toMatchObject({ code: 'DOWNLOAD_FAILED' });
    expect(busy.requests).toHaveLength(2);
    const forbidden = createFakeHost({ [PATH]: file }, { faults: { status: 403 } });
    await expect(download(forbidden)).rejects.toMatchObject({
      code: 'DOWNLOAD_FAILED',
      recoverable: false,
      details: { status: 403 },
    });
    expect(forbidden.requests).toHaveLength(1);
  });

  it('says MODEL_FILE_NOT_FOUND for a 404', async () => {
    const host = createFakeHost({});
    await expect(download(host)).rejects.toMatchObject({ code: 'MODEL_FILE_NOT_FOUND', recoverable: false });
  });

  it('refuses a wrong size before reading the body, and a wrong hash after it', async () => {
    const file = bytesOf(2_000, 6);
    const host = createFakeHost({ [PATH]: file });
    const actual = await sha256Hex(file);
    await expect(download(host, { expectedSize: 1_999 })).rejects.toMatchObject({
      code: 'MODEL_CORRUPTED',
      details: { reason: 'size', size: 2_000, expected: 1_999 },
    });
    await expect(download(host, { expectedSha256: 'f'.repeat(64) })).rejects.toMatchObject({
      code: 'MODEL_CORRUPTED',
      details: { reason: 'hash', sha256: actual },
    });
  });

  it('refuses a body longer than the size the host announced', async () => {
    const file = bytesOf(2_000, 7);
    const host = createFakeHost({ [PATH]: file });
    const lying: typeof fetch = async (input, init) => {
      const res = await host.fetch(input, init);
      return new Response(res.body, { status: 200, headers: { 'content-length': '1500' } });
    };
    await expect(download(host, { fetch: lying })).rejects.toMatchObject({
      code: 'MODEL_CORRUPTED',
      details: { reason: 'size', expected: 1_500 },
    });
  });

  it('stops with DOWNLOAD_ABORTED when the signal fires mid-file', async () => {
    const file = bytesOf(10_000, 8);
    const host = createFakeHost({ [PATH]: file }, { chunk: 1000 });
    const controller = new AbortController();
    const run = download(host, {
      signal: controller.signal,
      onBytes: (received) => {
        if (received >= 3_000) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'DOWNLOAD_ABORTED', recoverable: true });
    expect(host.requests).toHaveLength(1);
  });
});
