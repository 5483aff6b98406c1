// A fake host in Hugging Face's layout for unit tests: chunked bodies, Range, cut connections, an optional listing.
export interface HostRequest {
  readonly url: string;
  readonly range: string | null;
  readonly status: number;
}

export interface HostFaults {
  /** Error the body of `path` after this many bytes of the response, for the first `times` requests (default 1). */
  cut?: Map<string, { after: number; times?: number }>;
  /** Answer 200 with the whole file even to a Range request. */
  ignoreRange?: boolean;
  /** Answer this status to every file request. */
  status?: number;
}

export interface FakeHost {
  readonly fetch: typeof fetch;
  readonly requests: HostRequest[];
  readonly files: Map<string, Uint8Array>;
  readonly faults: HostFaults;
  /** The listing served at api/models/<repo>/tree/<rev>; null answers 404. */
  listing: unknown;
}

export const BASE = 'https://hub.test/';
export const REPO = 'owner/model';
export const REV = 'main';

/** WebCrypto, not hash-wasm: the expectation comes from another implementation than the code under test. */
export async function sha256Hex(b: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', b.slice()));
  return [...digest].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/** Deterministic bytes that differ between files. */
export function bytesOf(size: number, seed = 1): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** HF's tree format for the given files: LFS entries carry the sha256, plain git files only a size. */
export async function hfListing(
  files: Map<string, Uint8Array>,
  lfs: (path: string) => boolean = () => true,
): Promise<unknown[]> {
  const entries: unknown[] = [{ type: 'directory', oid: 'a'.repeat(40), size: 0, path: 'onnx' }];
  for (const [path, b] of files) {
    entries.push(
      lfs(path)
        ? {
            type: 'file',
            oid: 'b'.repeat(40),
            size: b.byteLength,
            path,
            lfs: { oid: await sha256Hex(b), size: b.byteLength, pointerSize: 134 },
          }
        : { type: 'file', oid: 'c'.repeat(40), size: b.byteLength, path },
    );
  }
  return entries;
}

const abortError = (): Error => Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });

function chunkedBody(
  bytes: Uint8Array,
  chunk: number,
  cutAfter: number | null,
  signal: AbortSignal | null | undefined,
): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (signal?.aborted) return controller.error(abortError());
      if (cutAfter !== null && at >= cutAfter)
        return controller.error(new TypeError('network error: connection reset'));
      if (at >= bytes.byteLength) return controller.close();
      const end = Math.min(at + chunk, bytes.byteLength, cutAfter ?? Infinity);
      controller.enqueue(bytes.slice(at, end));
      at = end;
    },
  });
}

export function createFakeHost(
  files: Record<string, Uint8Array>,
  o: { chunk?: number; listing?: unknown; faults?: HostFaults } = {},
): FakeHost {
  const host: FakeHost = {
    requests: [],
    files: new Map(Object.entries(files)),
    faults: o.faults ?? {},
    listing: o.listing === undefined ? null : o.listing,
    fetch: undefined as unknown as typeof fetch,
  };
  const cuts = new Map<string, number>();
  const chunk = o.chunk ?? 1000;
  const answer = (url: string, range: string | null, res: Response): Response => {
    host.requests.push({ url, range, status: res.status });
    return res;
  };
  (host as { fetch: typeof fetch }).fetch = async (input, init) => {
    const url = String(input);
    const headers = new Headers(init?.headers);
    const range = headers.get('range');
    if (init?.signal?.aborted) throw abortError();
    const u = new URL(url);
    if (u.pathname === `/api/models/${REPO}/tree/${REV}`) {
      return answer(
        url,
        range,
        host.listing === null ? new Response('not found', { status: 404 }) : Response.json(host.listing),
      );
    }
    const prefix = `/${REPO}/resolve/${REV}/`;
    const path = decodeURIComponent(u.pathname.slice(prefix.length));
    const body = u.pathname.startsWith(prefix) ? host.files.get(path) : undefined;
    if (!body) return answer(url, range, new Response('not found', { status: 404 }));
    if (host.faults.status) return answer(url, range, new Response('nope', { status: host.faults.status }));
    const m = /^bytes=(\d+)-$/.exec(range ?? '');
    const start = m && !host.faults.ignoreRange ? Number(m[1]) : 0;
    if (start >= body.byteLength && start > 0) {
      return answer(
        url,
        range,
        new Response(null, { status: 416, headers: { 'content-range': `bytes */${body.byteLength}` } }),
      );
    }
    const cut = host.faults.cut?.get(path);
    const seen = cuts.get(path) ?? 0;
    const cutAfter = cut && seen < (cut.times ?? 1) ? cut.after : null;
    if (cutAfter !== null) cuts.set(path, seen + 1);
    const part = body.subarray(start);
    const status = start > 0 ? 206 : 200;
    const h: Record<string, string> = { 'content-length': String(part.byteLength), 'accept-ranges': 'bytes' };
    if (status === 206) h['content-range'] = `bytes ${start}-${body.byteLength - 1}/${body.byteLength}`;
    return answer(url, range, new Response(chunkedBody(part, chunk, cutAfter, init?.signal), { status, headers: h }));
  };
  return host;
}

/** A fetch that fails the test if called: proves a read came from the cache. */
export const noNetwork: typeof fetch = async (input) => {
  throw new Error(`unexpected request to ${String(input)}`);
};
