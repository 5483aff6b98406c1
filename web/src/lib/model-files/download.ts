// Downloads one file with a streaming sha256, resuming a cut connection with Range; checks size and hash (C3).
import { createSHA256, type IHasher } from 'hash-wasm';
import { CodedError } from '@companion/core/errors';
import { ByteSink } from './byte-sink';
import { abortedError, modelFileError, throwIfAborted } from './errors';

export interface DownloadFileOptions {
  readonly url: string;
  /** The path inside the model, for messages and progress. */
  readonly path: string;
  readonly expectedSize: number | null;
  readonly expectedSha256: string | null;
  /** Named in a corruption message so the user knows what the bytes were checked against. */
  readonly expectedFrom?: string;
  readonly fetch: typeof fetch;
  readonly signal?: AbortSignal;
  /** Failed attempts in a row (no new bytes) before giving up; an attempt that made progress resets the count. */
  readonly retries?: number;
  readonly retryDelayMs?: number;
  /** Bytes of this file held so far (it drops back to 0 only when the host ignores Range and the file restarts). */
  readonly onBytes?: (received: number, total: number | null) => void;
}

export interface DownloadedFile {
  readonly bytes: Uint8Array;
  readonly sha256: string;
  /** Requests made, for tests and diagnostics. */
  readonly requests: number;
}

/** One attempt's end: the file is whole, or try again (after a pause unless the restart was deliberate). */
type Step = { kind: 'done' } | { kind: 'retry'; cause: string } | { kind: 'restart' };

/** `bytes a-b/total` or `bytes *\/total`. */
function parseContentRange(v: string | null): { start: number | null; total: number | null } {
  const m = /^bytes (?:(\d+)-\d+|\*)\/(\d+|\*)$/.exec(v?.trim() ?? '');
  if (!m) return { start: null, total: null };
  return {
    start: m[1] === undefined ? null : Number(m[1]),
    total: m[2] === '*' || m[2] === undefined ? null : Number(m[2]),
  };
}

function abortableSleep(ms: number, signal: AbortSignal | undefined, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError(path));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError(path));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

class FileDownload {
  private readonly sink = new ByteSink();
  private hasher!: IHasher;
  private total: number | null;
  requests = 0;

  constructor(private readonly o: DownloadFileOptions) {
    this.total = o.expectedSize;
    if (o.expectedSize !== null) this.sink.reserve(o.expectedSize);
  }

  get received(): number {
    return this.sink.length;
  }

  async start(): Promise<void> {
    this.hasher = await createSHA256();
    this.hasher.init();
  }

  private restartFromZero(): void {
    this.sink.reset();
    this.hasher.init();
    this.o.onBytes?.(0, this.total);
  }

  private corrupted(message: string, details: Record<string, unknown>): CodedError {
    return modelFileError(
      'MODEL_CORRUPTED',
      `${this.o.path}: ${message}${this.o.expectedFrom ? ` (expected per ${this.o.expectedFrom})` : ''}. Nothing was kept; try again.`,
      {
        path: this.o.path,
        ...details,
      },
    );
  }

  async attempt(): Promise<Step> {
    const o = this.o;
    const offset = this.received;
    if (offset > 0 && offset === this.total) return { kind: 'done' };
    let res: Response;
    try {
      this.requests += 1;
      // no-store: the HTTP cache would keep a second copy of every gigabyte we put in the Cache API.
      res = await o.fetch(o.url, {
        signal: o.signal,
        cache: 'no-store',
        headers: offset > 0 ? { range: `bytes=${offset}-` } : {},
      });
    } catch (error) {
      throwIfAborted(o.signal, o.path);
      return {
        kind: 'retry',
        cause: `could not reach the host (${error instanceof Error ? error.message : String(error)})`,
      };
    }
    if (res.status === 404 || res.status === 410) {
      await res.body?.cancel().catch(() => undefined);
      throw modelFileError('MODEL_FILE_NOT_FOUND', `${o.path} is not on the host (HTTP ${res.status}).`, {
        path: o.path,
        status: res.status,
        url: o.url,
      });
    }
    if (res.status === 416 && offset > 0) {
      // Everything may already be here: decide by the length the host states.
      await res.body?.cancel().catch(() => undefined);
      const { total } = parseContentRange(res.headers.get('content-range'));
      if (total === offset) {
        this.total ??= total;
        return { kind: 'done' };
      }
      this.restartFromZero();
      return { kind: 'restart' };
    }
    if (res.status !== 200 && res.status !== 206) {
      await res.body?.cancel().catch(() => undefined);
      const transient = res.status === 408 || res.status === 429 || res.status >= 500;
      if (transient) return { kind: 'retry', cause: `HTTP ${res.status}` };
      throw modelFileError(
        'DOWNLOAD_FAILED',
        `The host refused ${o.path} (HTTP ${res.status}).`,
        { path: o.path, status: res.status, url: o.url },
        false,
      );
    }
    let bodyTotal: number | null;
    if (res.status === 206) {
      const range = parseContentRange(res.headers.get('content-range'));
      if (range.start !== offset) {
        // A range we did not ask for: start over rather than splice mismatched bytes.
        await res.body?.cancel().catch(() => undefined);
        this.restartFromZero();
        return { kind: 'restart' };
      }
      bodyTotal = range.total;
    } else {
      // 200: the whole file. To a Range request it means the host ignored the range, so the file restarts.
      if (offset > 0) this.restartFromZero();
      const length = Number(res.headers.get('content-length') ?? NaN);
      bodyTotal = Number.isSafeInteger(length) && length >= 0 ? length : null;
    }
    if (bodyTotal !== null) {
      if (o.expectedSize !== null && bodyTotal !== o.expectedSize) {
        await res.body?.cancel().catch(() => undefined);
        throw this.corrupted(`the host sends ${bodyTotal} bytes, expected ${o.expectedSize}`, {
          reason: 'size',
          size: bodyTotal,
          expected: o.expectedSize,
        });
      }
      this.total = bodyTotal;
      this.sink.reserve(bodyTotal);
    }
    return this.readBody(res);
  }

  private async readBody(res: Response): Promise<Step> {
    const o = this.o;
    if (!res.body) return { kind: 'retry', cause: 'the answer had no body' };
    const reader = res.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (this.total !== null && this.received + value.byteLength > this.total) {
          throw this.corrupted(`longer than ${this.total} bytes`, { reason: 'size', expected: this.total });
        }
        this.sink.write(value);
        this.hasher.update(value);
        o.onBytes?.(this.received, this.total);
      }
    } catch (error) {
      if (error instanceof CodedError && error.code === 'MODEL_CORRUPTED') {
        await reader.cancel().catch(() => undefined);
        throw error;
      }
      throwIfAborted(o.signal, o.path);
      return { kind: 'retry', cause: `the connection was cut at ${this.received} bytes` };
    }
    // A body that ends early without an error (a proxy closing cleanly) is resumed like a cut connection.
    if (this.total !== null && this.received < this.total)
      return { kind: 'retry', cause: `the body ended at ${this.received} of ${this.total} bytes` };
    return { kind: 'done' };
  }

  finish(): DownloadedFile {
    const o = this.o;
    const sha256 = this.hasher.digest('hex');
    if (o.expectedSize !== null && this.received !== o.expectedSize) {
      throw this.corrupted(`${this.received} bytes, expected ${o.expectedSize}`, {
        reason: 'size',
        size: this.received,
        expected: o.expectedSize,
      });
    }
    if (o.expectedSha256 !== null && sha256 !== o.expectedSha256) {
      throw this.corrupted(`sha256 ${sha256}, expected ${o.expectedSha256}`, {
        reason: 'hash',
        sha256,
        expected: o.expectedSha256,
      });
    }
    return { bytes: this.sink.bytes(), sha256, requests: this.requests };
  }
}

/**
 * Downloads `url` into memory, hashing as bytes arrive. A cut connection is resumed from the bytes held with
 * `Range: bytes=<received>-`; a host that answers 200 instead of 206 restarts the file.
 */
export async function downloadVerifiedFile(o: DownloadFileOptions): Promise<DownloadedFile> {
  throwIfAborted(o.signal, o.path);
  const d = new FileDownload(o);
  await d.start();
  const retries = o.retries ?? 5;
  const delay = o.retryDelayMs ?? 500;
  // Deliberate restarts (wrong range, 416) skip the pause but are bounded too, against a host that loops.
  for (let failures = 0, restarts = 0; ;) {
    const before = d.received;
    const step = await d.attempt();
    if (step.kind === 'done') break;
    if (step.kind === 'restart') {
      if (++restarts > retries + 2)
        throw modelFileError('DOWNLOAD_FAILED', `The host keeps answering the wrong range for ${o.path}.`, {
          path: o.path,
          url: o.url,
        });
      continue;
    }
    failures = d.received > before ? 1 : failures + 1;
    if (failures > retries) {
      throw modelFileError(
        'DOWNLOAD_FAILED',
        `Downloading ${o.path} failed: ${step.cause}. ${d.received} bytes arrived; try again.`,
        { path: o.path, url: o.url, received: d.received },
      );
    }
    await abortableSleep(delay * 2 ** (failures - 1), o.signal, o.path);
  }
  return d.finish();
}
