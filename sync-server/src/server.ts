// Puts an app on a socket (HTTP, or HTTPS with TLS_CERT/TLS_KEY) and takes it down gracefully.
import { readFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';

export interface ListenOptions {
  port: number;
  host: string;
  tls?: { cert: string; key: string } | undefined;
}

export interface RunningServer {
  server: ServerType;
  port: number;
  url: string;
  /** Stops accepting, lets in-flight requests finish (up to graceMs), then drops what is left. */
  close(graceMs?: number): Promise<void>;
}

/** Raised when the port is taken, so main.ts can name APP_PORT in its message. */
export class PortInUseError extends Error {
  constructor(readonly port: number, readonly host: string) {
    super(`Port ${port} on ${host} is already in use.`);
    this.name = 'PortInUseError';
  }
}

type Fetch = Parameters<typeof serve>[0]['fetch'];

export function listen(fetch: Fetch, opts: ListenOptions): Promise<RunningServer> {
  return new Promise((resolveListen, rejectListen) => {
    const tlsOptions = opts.tls
      ? { createServer: createHttpsServer, serverOptions: { cert: readFileSync(opts.tls.cert), key: readFileSync(opts.tls.key) } }
      : {};
    const server = serve({ fetch, port: opts.port, hostname: opts.host, ...tlsOptions }, (info: AddressInfo) => {
      server.off('error', onError);
      const scheme = opts.tls ? 'https' : 'http';
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolveListen({ server, port: info.port, url: `${scheme}://${host}:${info.port}`, close: (graceMs) => close(server, graceMs) });
    });
    const onError = (err: NodeJS.ErrnoException) => {
      rejectListen(err.code === 'EADDRINUSE' ? new PortInUseError(opts.port, opts.host) : err);
    };
    server.once('error', onError);
  });
}

function close(server: ServerType, graceMs = 10_000): Promise<void> {
  return new Promise((done) => {
    const http = server as HttpServer;
    const timer = setTimeout(() => http.closeAllConnections?.(), graceMs);
    timer.unref();
    // Keep-alive sockets hold close() open until they time out; drop each as soon as it has no request in flight
    // (a request finishing during the grace period leaves its socket idle, hence the repeat).
    const sweep = setInterval(() => http.closeIdleConnections?.(), 50);
    sweep.unref();
    server.close(() => {
      clearTimeout(timer);
      clearInterval(sweep);
      done();
    });
    http.closeIdleConnections?.();
  });
}
