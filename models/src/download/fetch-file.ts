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
  /** Sent to the URL's origin only, not to another origin a redirect leads to (an access token stays with its host). */
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
    const sameOrigin = new URL(url).origin === new URL(o.url).origin;
    const res = await doFetch(url, { headers: { ...(sameOrigin ? o.headers : {}), ...headers }, redirect: 'manual', signal: o.signal });
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

interface State {
  part: string;
  expectedSize: number | null;
  expectedSha: string | null;
  requests: number;
  resumedFrom: number;
  source: Omit<Hop, 'res'>;
}

/** What one attempt ended in: the .part is whole, wait and retry, or retry at once (the .part was reset). */
type Step = 'done' | 'retry' | 'again';

async function discard(res: Response): Promise<void> {
  await res.body?.cancel().catch(() => undefined);
}

async function refuse(s: State, err: DownloadError): Promise<never> {
  await rm(s.part, { force: true });
  throw err;
}

/** Streams the body into the .part (appending when resuming); never lets it grow past `limit`. */
async function streamBody(o: FetchFileOptions, s: State, res: Response, start: number, limit: number | null): Promise<{ received: number; failed: boolean }> {
  const fh = await open(s.part, start > 0 ? 'a' : 'w');
  let received = start;
  try {
    if (!res.body) throw new Error('empty body');
    for await (const chunk of res.body) {
      if (limit !== null && received + chunk.byteLength > limit) {
        await fh.close();
        return refuse(s, new DownloadError('SIZE_MISMATCH', `${o.url} is longer than ${limit} bytes`, { url: o.url, expected: limit }));
      }
      await fh.write(chunk);
      received += chunk.byteLength;
      o.onProgress?.({ received, total: limit });
    }
    return { received, failed: limit !== null && received < limit };
  } catch (err) {
    if (err instanceof DownloadError) throw err;
    return { received, failed: true };
  } finally {
    await fh.close().catch(() => undefined);
  }
}

async function tryOnce(o: FetchFileOptions, s: State, canRetry: boolean): Promise<Step> {
  let offset = await sizeOf(s.part);
  if (s.expectedSize !== null && offset > s.expectedSize) {
    await rm(s.part, { force: true });
    offset = 0;
  }
  if (offset > 0 && offset === s.expectedSize) return 'done';
  s.resumedFrom = offset;
  let hop: Hop;
  try {
    s.requests += 1;
    hop = await request(o, offset > 0 ? { range: `bytes=${offset}-` } : {});
  } catch (err) {
    if (err instanceof DownloadError) throw err;
    if (o.signal?.aborted) throw new DownloadError('ABORTED', 'download aborted', { url: o.url });
    if (canRetry) return 'retry';
    throw new DownloadError('NETWORK', `could not reach ${o.url}: ${String(err)}`, { url: o.url });
  }
  const { res } = hop;
  s.source = { linkedSha: hop.linkedSha, linkedSize: hop.linkedSize, commit: hop.commit };
  s.expectedSha ??= hop.linkedSha;
  s.expectedSize ??= hop.linkedSize;
  if (res.status === 404 || res.status === 410) {
    await discard(res);
    throw new DownloadError('NOT_FOUND', `not found: ${o.url}`, { url: o.url, status: res.status });
  }
  if (res.status === 416) {
    // The .part may already be whole (or longer than the file): decide by the total the server states.
    await discard(res);
    const { total } = parseContentRange(res.headers.get('content-range'));
    if (total !== null && total === offset) {
      s.expectedSize ??= total;
      return 'done';
    }
    await rm(s.part, { force: true });
    if (canRetry) return 'again';
  }
  if (res.status !== 200 && res.status !== 206) {
    await discard(res);
    const err = new DownloadError('HTTP_ERROR', `HTTP ${res.status} for ${o.url}`, { url: o.url, status: res.status });
    if (err.recoverable && canRetry) return 'retry';
    throw err;
  }
  let start = 0;
  let total: number | null = Number(res.headers.get('content-length') ?? NaN);
  if (!Number.isSafeInteger(total)) total = null;
  if (res.status === 206) {
    const cr = parseContentRange(res.headers.get('content-range'));
    if (cr.start !== offset) {
      // A range we did not ask for: start over rather than splice mismatched bytes.
      await discard(res);
      await rm(s.part, { force: true });
      return 'again';
    }
    start = offset;
    total = cr.total;
  }
  // A 200 to a Range request means the server ignored it: the body is the whole file, so the .part restarts.
  s.resumedFrom = start;
  if (s.expectedSize !== null && total !== null && total !== s.expectedSize) {
    await discard(res);
    return refuse(s, new DownloadError('SIZE_MISMATCH', `${o.url} is ${total} bytes, expected ${s.expectedSize}`, { url: o.url, size: total, expected: s.expectedSize }));
  }
  const { received, failed } = await streamBody(o, s, res, start, s.expectedSize ?? total);
  if (!failed) return 'done';
  if (o.signal?.aborted) throw new DownloadError('ABORTED', 'download aborted; the .part file is kept for resume', { url: o.url });
  if (canRetry) return 'retry';
  throw new DownloadError('NETWORK', `download of ${o.url} was interrupted at ${received} bytes`, { url: o.url, received });
}

export async function fetchFile(o: FetchFileOptions): Promise<FetchFileResult> {
  await mkdir(dirname(o.dest), { recursive: true });
  const s: State = {
    part: `${o.dest}.part`,
    expectedSize: o.expected?.size ?? null,
    expectedSha: o.expected?.sha256 ?? null,
    requests: 0,
    resumedFrom: 0,
    source: { linkedSha: null, linkedSize: null, commit: null },
  };
  const retries = o.retries ?? 4;
  // Restarts after a reset .part do not count as retries, but are bounded too.
  for (let attempt = 0, restarts = 0; ; ) {
    const step = await tryOnce(o, s, attempt < retries);
    if (step === 'done') break;
    if (step === 'again' && ++restarts > retries + 2) throw new DownloadError('HTTP_ERROR', `${o.url} keeps answering the wrong range`, { url: o.url });
    if (step === 'retry') await sleep((o.retryDelayMs ?? 500) * 2 ** attempt++);
  }
  // The whole file, hashed from disk: correct across any number of resumes.
  const got = await sha256File(s.part);
  if (s.expectedSize !== null && got.size !== s.expectedSize) {
    return refuse(s, new DownloadError('SIZE_MISMATCH', `${o.url} is ${got.size} bytes, expected ${s.expectedSize}`, { url: o.url, size: got.size, expected: s.expectedSize }));
  }
  if (s.expectedSha !== null && got.sha256 !== s.expectedSha) {
    return refuse(s, new DownloadError('HASH_MISMATCH', `${o.url} has sha256 ${got.sha256}, expected ${s.expectedSha}`, { url: o.url, sha256: got.sha256, expected: s.expectedSha }));
  }
  await rename(s.part, o.dest);
  return { ...got, resumedFrom: s.resumedFrom, requests: s.requests, sourceSha256: s.source.linkedSha, sourceSize: s.source.linkedSize, commit: s.source.commit };
}
