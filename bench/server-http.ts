// P4 (first step): requests/s and p99 at 64 connections for /health and an authenticated GET /api/auth/me on the
// real server, beside a bare Hono "hello" started the same way in the same run. Prints a table and one JSON line.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLoad, type LoadResult } from './lib/http-load.ts';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 500);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = import.meta.resolve('tsx');

/** Starts a server in its own process (so the load generator does not share its event loop) and waits for its URL. */
function start(script: string, env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', TSX, join(ROOT, script)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve({ child, url: m[1] });
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}: ${err}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function accessToken(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench', password: 'benchmark password 123' }),
  });
  if (res.status !== 201) throw new Error(`register answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/**
 * CPU time a process has used, in ms, from /proc (Linux); undefined elsewhere. CPU per request hardly moves when
 * other work shares the machine, unlike requests/s, so it is the steadier measure of overhead.
 */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of the file, 12 and 13 after the "(comm) " prefix, in clock ticks.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'bench-server-'));
  const results: Record<string, LoadResult & { target: string }> = {};
  const notes: string[] = [];
  const serverCpuUs: Record<string, number> = {};
  // The real entry point with every limit lifted (the benchmark measures serving, not refusing) and warn-level
  // logs (one JSON line per request at info would measure the terminal).
  const limits = Object.fromEntries(['AUTH', 'CHAT', 'SYNTHESIS', 'VOICE_CLONE', 'SYNC', 'DEFAULT'].map((t) => [`RATE_LIMIT_${t}`, '1000000000/60']));
  const env = { JWT_SECRET: 'b7e1f3a9c5d2084e6f1a3c5e7b9d0f2a4c6e8b1d3f5a7c9e0b2d4f6a8c1e3f5a', APP_PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '', REDIS_URL: '', ...limits };
  const [bare, server] = await Promise.all([start('bench/lib/bare-hono.ts', {}), start('sync-server/src/main.ts', env)]);
  try {
    const token = await accessToken(server.url);
    const targets: { name: string; target: string; url: string; headers: Record<string, string> }[] = [
      { name: 'bare', target: 'bare Hono GET /', url: `${bare.url}/`, headers: {} },
      // The banner touches no storage and no provider: what the middleware stack alone costs.
      { name: 'banner', target: 'GET / (JSON banner)', url: `${server.url}/`, headers: { accept: 'application/json' } },
      { name: 'health', target: 'GET /health', url: `${server.url}/health`, headers: {} },
      { name: 'authMe', target: 'GET /api/auth/me (Bearer)', url: `${server.url}/api/auth/me`, headers: { authorization: `Bearer ${token}` } },
    ];
    // Rounds alternate the targets, so a burst of other work on the machine hits all of them alike; the
    // median round is reported.
    // One unmeasured pass first, so JIT compilation lands on no target's numbers (the first one's above all).
    for (const t of targets) await runLoad({ url: t.url, connections: CONNECTIONS, durationMs: 1000, headers: t.headers });
    const rounds: Record<string, LoadResult[]> = {};
    const cpu: Record<string, { ms: number; requests: number }> = {};
    for (let r = 0; r < ROUNDS; r++) {
      for (const t of targets) {
        const pid = t.name === 'bare' ? bare.child.pid : server.child.pid;
        const before = cpuMs(pid);
        const res = await runLoad({ url: t.url, connections: CONNECTIONS, durationMs: DURATION_MS, warmupMs: WARMUP_MS, headers: t.headers });
        const after = cpuMs(pid);
        (rounds[t.name] ??= []).push(res);
        if (before !== undefined && after !== undefined) {
          const c = (cpu[t.name] ??= { ms: 0, requests: 0 });
          c.ms += after - before;
          c.requests += res.sent;
        }
      }
    }
    for (const [name, c] of Object.entries(cpu)) serverCpuUs[name] = (c.ms * 1000) / c.requests;
    for (const t of targets) {
      const list = [...rounds[t.name]!].sort((x, y) => x.rps - y.rps);
      const mid = list[list.length >> 1]!;
      const sum = (k: 'requests' | 'errors' | 'non2xx') => list.reduce((n, x) => n + x[k], 0);
      results[t.name] = { target: t.target, ...mid, requests: sum('requests'), errors: sum('errors'), non2xx: sum('non2xx') };
    }
  } finally {
    await Promise.all([stop(bare.child), stop(server.child)]);
    rmSync(dataDir, { recursive: true, force: true });
  }
  notes.push('storage: SQLite; rate limits in memory (lifted); LOG_LEVEL=warn; load generator in a separate process on the same machine');

  const rows = Object.entries(results).map(([name, r]) => ({
    name,
    target: r.target,
    rps: round(r.rps, 0),
    p50Ms: round(r.p50Ms),
    p99Ms: round(r.p99Ms),
    maxMs: round(r.maxMs),
    requests: r.requests,
    non2xx: r.non2xx,
    errors: r.errors,
    vsBare: round(r.rps / results.bare!.rps, 3),
    cpuUsPerReq: serverCpuUs[name] === undefined ? Number.NaN : round(serverCpuUs[name]!, 0),
    cpuVsBare: serverCpuUs[name] === undefined ? Number.NaN : round(serverCpuUs[name]! / serverCpuUs.bare!, 2),
  }));
  // Other work on the machine skews absolute numbers; the ratios to the bare app in the same run hold up better.
  const loadAvg = os.loadavg().map((n) => round(n));
  console.log(
    `\nserver-http: ${CONNECTIONS} connections, ${ROUNDS} rounds of ${DURATION_MS / 1000} s per target (median round shown) after ${WARMUP_MS / 1000} s warm-up each, ` +
      `${os.cpus().length} CPUs, load average ${loadAvg.join(' ')}, Node ${process.version}`,
  );
  console.table(rows);
  for (const n of notes) console.log(`note: ${n}`);
  console.log(
    JSON.stringify({
      bench: 'server-http',
      bar: 'P4',
      connections: CONNECTIONS,
      durationMs: DURATION_MS,
      rounds: ROUNDS,
      cpus: os.cpus().length,
      node: process.version,
      loadAvg,
      results: Object.fromEntries(
        rows.map((r) => [r.name, { rps: r.rps, p50Ms: r.p50Ms, p99Ms: r.p99Ms, serverCpuUsPerRequest: r.cpuUsPerReq, non2xx: r.non2xx, errors: r.errors }]),
      ),
      ratios: { bannerVsBare: rows.find((r) => r.name === 'banner')?.vsBare, healthVsBare: rows.find((r) => r.name === 'health')?.vsBare, authMeVsBare: rows.find((r) => r.name === 'authMe')?.vsBare },
    }),
  );
  const bad = rows.filter((r) => r.non2xx > 0 || r.errors > 0 || r.requests === 0);
  if (bad.length) {
    console.error(`server-http: ${bad.map((r) => r.name).join(', ')} had failed requests; numbers are not trustworthy`);
    process.exitCode = 1;
  }
}

await main();
