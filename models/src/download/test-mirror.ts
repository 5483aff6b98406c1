// A loopback HTTP mirror for tests: serves a folder in Hugging Face's layout with Range support and fault injection.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
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
