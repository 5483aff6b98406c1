// A small closed-loop HTTP load generator: N keep-alive connections, each sending its next request when the last ends.
import { Agent, request } from 'node:http';

export interface LoadOptions {
  url: string;
  connections: number;
  durationMs: number;
  headers?: Record<string, string>;
  /** Requests before this point are sent but not counted (JIT, caches, connection setup). */
  warmupMs?: number;
}

export interface LoadResult {
  /** Counted requests (after the warm-up). */
  requests: number;
  /** Every completed request, warm-up included (for per-request server CPU). */
  sent: number;
  errors: number;
  /** Responses with a status other than 200. */
  non2xx: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

function once(agent: Agent, url: URL, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'GET', headers }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const url = new URL(opts.url);
  const agent = new Agent({ keepAlive: true, maxSockets: opts.connections, maxFreeSockets: opts.connections });
  const headers = opts.headers ?? {};
  const warmupEnd = performance.now() + (opts.warmupMs ?? 0);
  const end = warmupEnd + opts.durationMs;
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let sent = 0;
  let measuredStart = Number.NaN;
  let measuredEnd = 0;
  const loop = async () => {
    for (;;) {
      const t0 = performance.now();
      if (t0 >= end) return;
      try {
        const status = await once(agent, url, headers);
        const t1 = performance.now();
        sent++;
        if (t0 >= warmupEnd) {
          if (Number.isNaN(measuredStart) || t0 < measuredStart) measuredStart = t0;
          measuredEnd = Math.max(measuredEnd, t1);
          latencies.push(t1 - t0);
          if (status < 200 || status > 299) non2xx++;
        }
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.connections }, loop));
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  const seconds = (measuredEnd - measuredStart) / 1000;
  return {
    requests: sorted.length,
    sent,
    errors,
    non2xx,
    rps: seconds > 0 ? sorted.length / seconds : 0,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
  };
}
