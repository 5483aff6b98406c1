// File readers for XttsModel.load: over fetch (browser, worker, or a server mirror) with progress and abort.
import type { ReadModelFile } from './model';

export interface FetchReaderOptions {
  readonly fetch?: typeof fetch;
  readonly signal?: AbortSignal;
  /** Bytes received so far for one file, and its Content-Length when the server sent one. */
  readonly onProgress?: (path: string, received: number, total: number | null) => void;
}

/** Reads `<baseUrl>/<path>`; a non-2xx answer is an error naming the file. */
export function createFetchReader(baseUrl: string, o: FetchReaderOptions = {}): ReadModelFile {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const doFetch = o.fetch ?? fetch;
  return async (path) => {
    const url = new URL(path.split('/').map(encodeURIComponent).join('/'), base).toString();
    const res = await doFetch(url, { signal: o.signal });
    if (!res.ok) throw new Error(`Could not load ${path}: HTTP ${res.status}.`);
    const total = Number(res.headers.get('content-length')) || null;
    if (!res.body || !o.onProgress) return new Uint8Array(await res.arrayBuffer());
    const parts: Uint8Array[] = [];
    let received = 0;
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      received += value.length;
      o.onProgress(path, received, total);
    }
    const out = new Uint8Array(received);
    parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
    return out;
  };
}
