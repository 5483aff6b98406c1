// Downloads one file into `<dest>.part` with HTTP Range resume, checks size and sha256, then renames it into place.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DownloadError } from './errors.ts';

export interface FileProgress {
  received: number;
  total: number | null;
}

export interface FetchFileOptions {
  url: string;
  dest: string;
  /** Known size and sha256 (lower-case hex); a mismatch is refused (C3). */
  expected?: { size?: number | null; sha256?: string | null };
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** Further attempts after a network failure or truncated body; each resumes from the .part file. */
  retries?: number;
  retryDelayMs?: number;
  onProgress?: (p: FileProgress) => void;
  headers?: Record<string, string>;
}

export interface FetchFileResult {
  size: number;
  sha256: string;
  /** Bytes already in the .part file when the last request was made (0: downloaded from the start). */
  resumedFrom: number;
  requests: number;
  /** What the source said about the file (Hugging Face: X-Linked-Etag / X-Linked-Size on the redirect). */
  sourceSha256: string | null;
  sourceSize: number | null;
  /** X-Repo-Commit, where the source names the commit it served. */
  commit: string | null;
}

const MAX_REDIRECTS = 5;

interface Hop {
  res: Response;
  linkedSha: string | null;
  linkedSize: number | null;
  commit: string | null;
}

/** Follows redirects by hand so that headers on the hub's redirect (hash, size, commit) are not lost. */
async function request(o: FetchFileOptions, headers: Record<string, string>): Promise<Hop> {
  const doFetch = o.fetch ?? fetch;
  let url = o.url;
  let linkedSha: string | null = null;
  let linkedSize: number | null = null;
  let commit: string | null = null;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const res = await doFetch(url, { headers: { ...o.headers, ...headers }, redirect: 'manual', signal: o.signal });
    const etag = (res.headers.get('x-linked-etag') ?? '').replace(/^W\//, '').replaceAll('"', '');
    if (/^[0-9a-f]{64}$/.test(etag)) linkedSha ??= etag;
    const size = Number(res.headers.get('x-linked-size') ?? NaN);
    if (Number.isSafeInteger(size) && size >= 0) linkedSize ??= size;
    commit ??= res.headers.get('x-repo-commit');
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel();
      url = new URL(location, url).toString();
      continue;
    }
    return { res, linkedSha, linkedSize, commit };
  }
  throw new DownloadError('HTTP_ERROR', `too many redirects for ${o.url}`, { url: o.url });
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

export async function sha256File(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).byteLength;
  }
  return { sha256: hash.digest('hex'), size };
}

/** `bytes a-b/total` or `bytes *\/total`. */
function parseContentRange(v: string | null): { start: number | null; total: number | null } {
  const m = /^bytes (?:(\d+)-\d+|\*)\/(\d+|\*)$/.exec(v?.trim() ?? '');
  if (!m) return { start: null, total: null };
  return { start: m[1] === undefined ? null : Number(m[1]), total: m[2] === '*' || m[2] === undefined ? null : Number(m[2]) };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function fetchFile(o: FetchFileOptions): Promise<FetchFileResult> {
  const part = `${o.dest}.part`;
  await mkdir(dirname(o.dest), { recursive: true });
  let expectedSize = o.expected?.size ?? null;
  let expectedSha = o.expected?.sha256 ?? null;
  const retries = o.retries ?? 4;
  let requests = 0;
  let resumedFrom = 0;
  let source: Omit<Hop, 'res'> = { linkedSha: null, linkedSize: null, commit: null };
  const fail = async (err: DownloadError): Promise<never> => {
    await rm(part, { force: true });
    throw err;
  };

  for (let attempt = 0; ; attempt++) {
    let offset = await sizeOf(part);
    if (expectedSize !== null && offset > expectedSize) {
      await rm(part, { force: true });
      offset = 0;
    }
    if (offset > 0 && offset === expectedSize) break;
    resumedFrom = offset;
    let hop: Hop;
    try {
      requests += 1;
      hop = await request(o, offset > 0 ? { range: `bytes=${offset}-` } : {});
    } catch (err) {
      if (err instanceof DownloadError) throw err;
      if (o.signal?.aborted) throw new DownloadError('ABORTED', 'download aborted', { url: o.url });
      if (attempt < retries) {
        await sleep((o.retryDelayMs ?? 500) * 2 ** attempt);
        continue;
      }
      throw new DownloadError('NETWORK', `could not reach ${o.url}: ${String(err)}`, { url: o.url });
    }
    const { res } = hop;
    source = { linkedSha: hop.linkedSha, linkedSize: hop.linkedSize, commit: hop.commit };
    expectedSha ??= hop.linkedSha;
    expectedSize ??= hop.linkedSize;
    if (res.status === 404 || res.status === 410) {
      await res.body?.cancel();
      throw new DownloadError('NOT_FOUND', `not found: ${o.url}`, { url: o.url, status: res.status });
    }
    if (res.status === 416) {
      // The .part may already be whole (or longer than the file): decide by the total the server states.
      await res.body?.cancel();
      const { total } = parseContentRange(res.headers.get('content-range'));
      if (total !== null && total === offset) {
        expectedSize ??= total;
        break;
      }
      await rm(part, { force: true });
      if (attempt < retries) continue;
    }
    if (res.status !== 200 && res.status !== 206) {
      await res.body?.cancel();
      const err = new DownloadError('HTTP_ERROR', `HTTP ${res.status} for ${o.url}`, { url: o.url, status: res.status });
      if (err.recoverable && attempt < retries) {
        await sleep((o.retryDelayMs ?? 500) * 2 ** attempt);
        continue;
      }
      throw err;
    }
    let start = 0;
    let total: number | null = Number(res.headers.get('content-length') ?? NaN);
    if (!Number.isSafeInteger(total)) total = null;
    if (res.status === 206) {
      const cr = parseContentRange(res.headers.get('content-range'));
      if (cr.start !== offset) {
        // A range we did not ask for: start over rather than splice mismatched bytes.
        await res.body?.cancel();
        await rm(part, { force: true });
        continue;
      }
      start = offset;
      total = cr.total;
    }
    // A 200 to a Range request means the server ignored it: the body is the whole file, so the .part restarts.
    resumedFrom = start;
    if (expectedSize !== null && total !== null && total !== expectedSize) {
      await res.body?.cancel();
      return fail(new DownloadError('SIZE_MISMATCH', `${o.url} is ${total} bytes, expected ${expectedSize}`, { url: o.url, size: total, expected: expectedSize }));
    }
    const limit = expectedSize ?? total;
    const fh = await open(part, start > 0 ? 'a' : 'w');
    let received = start;
    let streamError: unknown = null;
    try {
      if (!res.body) throw new Error('empty body');
      for await (const chunk of res.body) {
        if (limit !== null && received + chunk.byteLength > limit) {
          await fh.close();
          return fail(new DownloadError('SIZE_MISMATCH', `${o.url} is longer than ${limit} bytes`, { url: o.url, expected: limit }));
        }
        await fh.write(chunk);
        received += chunk.byteLength;
        o.onProgress?.({ received, total: limit });
      }
    } catch (err) {
      streamError = err;
    } finally {
      await fh.close().catch(() => undefined);
    }
    if (streamError !== null || (limit !== null && received < limit)) {
      if (o.signal?.aborted) throw new DownloadError('ABORTED', 'download aborted; the .part file is kept for resume', { url: o.url });
      if (attempt < retries) {
        await sleep((o.retryDelayMs ?? 500) * 2 ** attempt);
        continue;
      }
      throw new DownloadError('NETWORK', `download of ${o.url} was interrupted at ${received} bytes`, { url: o.url, received });
    }
    break;
  }

  const got = await sha256File(part);
  if (expectedSize !== null && got.size !== expectedSize) {
    return fail(new DownloadError('SIZE_MISMATCH', `${o.url} is ${got.size} bytes, expected ${expectedSize}`, { url: o.url, size: got.size, expected: expectedSize }));
  }
  if (expectedSha !== null && got.sha256 !== expectedSha) {
    return fail(new DownloadError('HASH_MISMATCH', `${o.url} has sha256 ${got.sha256}, expected ${expectedSha}`, { url: o.url, sha256: got.sha256, expected: expectedSha }));
  }
  await rename(part, o.dest);
  return { ...got, resumedFrom, requests, sourceSha256: source.linkedSha, sourceSize: source.linkedSize, commit: source.commit };
}
