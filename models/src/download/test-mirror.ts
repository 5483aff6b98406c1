// A loopback HTTP mirror for tests: serves a folder in Hugging Face's layout with Range support and fault injection,
// and optionally the Hub's tree listing (`/api/models/<repo>/tree/<rev>`).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';

export interface MirrorRequest {
  path: string;
  range: string | null;
  status: number;
  authorization: string | null;
}

export interface MirrorFaults {
  /** Cut the connection after this many body bytes, for the first `times` requests of a path (default once). */
  cut?: Map<string, { after: number; times?: number }>;
  /** Serve these bytes instead of the file (a corrupted copy). */
  replace?: Map<string, Uint8Array>;
  /** Ignore Range headers and answer 200 with the whole file. */
  ignoreRange?: boolean;
  /** Answer like the Hub: a 302 carrying X-Linked-Etag/X-Linked-Size/X-Repo-Commit to a CDN path. */
  hubRedirects?: { commit: string; cdnOrigin?: string };
  /**
   * Answer `/api/models/<owner>/<name>/tree/<rev>` like the Hub: files and folders under `<repo>/resolve/<rev>/`, with
   * `lfs: {oid: sha256, size}` for binary files (not .json/.txt/.md), `pageSize` entries per page linked by `Link`.
   */
  treeListing?: { pageSize?: number };
}

export interface TestMirror {
  url: string;
  requests: MirrorRequest[];
  faults: MirrorFaults;
  close: () => Promise<void>;
}

/** Serves `<root>/<url path>`; only files under root, only on 127.0.0.1. */
export async function startTestMirror(root: string, faults: MirrorFaults = {}): Promise<TestMirror> {
  const requests: MirrorRequest[] = [];
  const cutCounts = new Map<string, number>();
  const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

  const load = (urlPath: string): Uint8Array | null => {
    const rel = decodeURIComponent(urlPath).replace(/^\/+/, '');
    const full = normalize(join(root, rel));
    if (!full.startsWith(root + sep)) return null;
    const swapped = faults.replace?.get(rel);
    if (swapped) return swapped;
    try {
      return statSync(full).isFile() ? readFileSync(full) : null;
    } catch {
      return null;
    }
  };

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://x');
    let path = url.pathname;
    if (path.startsWith('/api/models/')) {
      const listing = faults.treeListing ? treeListing(root, path, url, faults) : null;
      requests.push({ path, range: null, status: listing ? 200 : 404, authorization: req.headers.authorization ?? null });
      if (!listing) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', ...(listing.next ? { link: `<${listing.next}>; rel="next"` } : {}) });
      res.end(JSON.stringify(listing.page));
      return;
    }
    const served = (p: string): string =>
      faults.hubRedirects ? p.replace(`/resolve/${faults.hubRedirects.commit}/`, '/resolve/main/') : p;
    const range = req.headers.range ?? null;
    const authorization = req.headers.authorization ?? null;
    const log = (status: number): void => void requests.push({ path, range, status, authorization });
    if (faults.hubRedirects && !path.startsWith('/cdn/')) {
      const body = load(served(path));
      if (!body) {
        log(404);
        res.writeHead(404).end('not found');
        return;
      }
      // The real file's hash: a corrupted replacement still advertises the original, as a tampering CDN would.
      const rel = decodeURIComponent(served(path)).replace(/^\/+/, '');
      const trueBytes = faults.replace?.has(rel) ? readFileSync(join(root, rel)) : body;
      log(302);
      res
        .writeHead(302, {
          location: `${faults.hubRedirects.cdnOrigin ?? ''}/cdn${served(path)}`,
          'x-linked-etag': `"${sha(trueBytes)}"`,
          'x-linked-size': String(trueBytes.byteLength),
          'x-repo-commit': faults.hubRedirects.commit,
        })
        .end();
      return;
    }
    if (path.startsWith('/cdn/')) path = path.slice(4);
    const body = load(path);
    if (!body) {
      log(404);
      res.writeHead(404).end('not found');
      return;
    }
    let start = 0;
    const m = /^bytes=(\d+)-$/.exec(range ?? '');
    if (m && !faults.ignoreRange) {
      start = Number(m[1]);
      if (start >= body.byteLength) {
        log(416);
        res.writeHead(416, { 'content-range': `bytes */${body.byteLength}` }).end();
        return;
      }
    }
    const status = start > 0 ? 206 : 200;
    log(status);
    const headers: Record<string, string> = { 'content-length': String(body.byteLength - start), 'accept-ranges': 'bytes' };
    if (status === 206) headers['content-range'] = `bytes ${start}-${body.byteLength - 1}/${body.byteLength}`;
    res.writeHead(status, headers);
    const rel = decodeURIComponent(path).replace(/^\/+/, '');
    const cut = faults.cut?.get(rel);
    const seen = cutCounts.get(rel) ?? 0;
    if (cut && seen < (cut.times ?? 1)) {
      cutCounts.set(rel, seen + 1);
      res.write(body.subarray(start, Math.max(start, cut.after)), () => {
        // Closing the socket mid-body is what a dropped connection looks like to the client. The pause lets the
        // client read what was sent first: an error on its body stream discards chunks it has not consumed.
        setTimeout(() => res.socket?.destroy(), 300);
      });
      return;
    }
    res.end(body.subarray(start));
  };

  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    faults,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

type ListingEntry = { type: 'file' | 'directory'; path: string; size: number; oid: string; lfs?: { oid: string; size: number; pointerSize: number } };

/** One page of the Hub-style listing of `<repo>/resolve/<rev>/`, or null for an unknown repo or revision. */
function treeListing(root: string, path: string, url: URL, faults: MirrorFaults): { page: ListingEntry[]; next: string | null } | null {
  const m = /^\/api\/models\/([^/]+\/[^/]+)\/tree\/([^/]+)$/.exec(decodeURIComponent(path));
  if (!m) return null;
  const [, repo = '', rawRev = ''] = m;
  const rev = faults.hubRedirects && rawRev === faults.hubRedirects.commit ? 'main' : rawRev;
  const base = join(root, ...repo.split('/'), 'resolve', rev);
  if (!normalize(base).startsWith(root + sep)) return null;
  const all: ListingEntry[] = [];
  const walk = (dir: string, prefix: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      const st = statSync(full);
      const gitOid = createHash('sha1').update(rel).digest('hex');
      if (st.isDirectory()) {
        all.push({ type: 'directory', path: rel, size: 0, oid: gitOid });
        walk(full, rel);
      } else if (!/\.(json|txt|md)$/.test(name)) {
        const sha = createHash('sha256').update(readFileSync(full)).digest('hex');
        all.push({ type: 'file', path: rel, size: st.size, oid: gitOid, lfs: { oid: sha, size: st.size, pointerSize: 134 } });
      } else {
        all.push({ type: 'file', path: rel, size: st.size, oid: gitOid });
      }
    }
  };
  try {
    if (!statSync(base).isDirectory()) return null;
    walk(base, '');
  } catch {
    return null;
  }
  const size = faults.treeListing?.pageSize ?? 1000;
  const start = Number(url.searchParams.get('cursor') ?? 0);
  const next = start + size < all.length ? `${url.pathname}?recursive=true&cursor=${start + size}` : null;
  return { page: all.slice(start, start + size), next };
}
