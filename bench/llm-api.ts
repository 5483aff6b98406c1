// What the HTTP layer costs a local generation: test-tiny-llm through OnnxNodeEngine directly, through
// POST /api/chat/stream (SSE) and through /v1/chat/completions (stream) on a loopback server, in one run.
// Prints a table and one JSON line. The tiny model decodes fast, so per-token overhead shows up clearly.
import os from 'node:os';
import { readStreamEvents } from '@companion/core/llm';
import { serveApp } from '../sync-server/test/helpers.ts';
import { asUser } from '../sync-server/src/auth/testing.ts';
import { createInferenceTestApp } from '../sync-server/src/inference/testing.ts';
import { LocalModelIndex } from '../sync-server/src/inference/local-models.ts';
import { OnnxNodeEngine } from '../sync-server/src/inference/onnx-node-engine.ts';

const TOKENS = Number(process.env.BENCH_TOKENS ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const messages = [{ role: 'user' as const, content: 'Hi!' }];
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;

interface Sample {
  /** To the first text delta; null where not observed. */
  ttftMs: number | null;
  totalMs: number;
  tokens: number;
}

async function main(): Promise<void> {
  // ignoreEos: every run decodes exactly TOKENS tokens instead of the ten-token scripted reply. Past the reply the
  // tiny model mostly emits special tokens, which produce no text, so tokens are counted from usage, not deltas.
  const t = await createInferenceTestApp({ engine: { ignoreEos: true } });
  const server = await serveApp(t.app);
  const user = await asUser(t.app);
  const local = await new LocalModelIndex(t.store.catalog, t.store.modelsDir).find('test-tiny-llm');
  if (!local) throw new Error('test-tiny-llm is not in the store');
  const engine = new OnnxNodeEngine({ registry: t.inference.registry, resolve: () => ({ dir: local.dir, dtype: local.quant }), ignoreEos: true });
  await engine.load({ id: local.id });
  const options = { temperature: 0, maxTokens: TOKENS };
  const headers = { ...user.headers, 'content-type': 'application/json' };

  const direct = async (): Promise<Sample> => {
    const start = performance.now();
    const r = await engine.generate(messages, options);
    return { ttftMs: r.timings.timeToFirstTokenMs, totalMs: performance.now() - start, tokens: r.usage.completionTokens };
  };
  const apiStream = async (): Promise<Sample> => {
    const start = performance.now();
    const res = await fetch(`${server.url}/api/chat/stream`, { method: 'POST', headers, body: JSON.stringify({ messages, options }) });
    if (!res.ok || !res.body) throw new Error(`/api/chat/stream answered ${res.status}`);
    let first: number | null = null;
    let tokens = 0;
    for await (const e of readStreamEvents(res.body)) {
      if (e.type === 'token' && first === null) first = performance.now() - start;
      if (e.type === 'done') tokens = e.data.usage.completionTokens;
    }
    return { ttftMs: first, totalMs: performance.now() - start, tokens };
  };
  const v1Stream = async (): Promise<Sample> => {
    const start = performance.now();
    const body = { model: 'test-tiny-llm', messages, stream: true, stream_options: { include_usage: true }, temperature: 0, max_tokens: TOKENS };
    const res = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (!res.ok || !res.body) throw new Error(`/v1/chat/completions answered ${res.status}`);
    let first: number | null = null;
    let tokens = 0;
    const decoder = new TextDecoder();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      const text = decoder.decode(chunk, { stream: true });
      if (first === null && text.includes('"content":"') && !/"content":""/.test(text)) first = performance.now() - start;
      const usage = /"completion_tokens":(\d+)/.exec(text);
      if (usage?.[1]) tokens = Number(usage[1]);
    }
    return { ttftMs: first, totalMs: performance.now() - start, tokens };
  };
  const targets: Record<string, () => Promise<Sample>> = { engine: direct, apiStream, v1Stream };
  const samples: Record<string, Sample[]> = {};
  try {
    for (const fn of Object.values(targets)) await fn(); // warm-up: load and first-run costs
    for (let r = 0; r < ROUNDS; r++) for (const [name, fn] of Object.entries(targets)) (samples[name] ??= []).push(await fn());
  } finally {
    await server.close(1000);
    await t.dispose();
  }
  const rows = Object.entries(samples).map(([name, list]) => ({
    name,
    ttftMs: round(median(list.map((s) => s.ttftMs ?? Number.NaN))),
    totalMs: round(median(list.map((s) => s.totalMs))),
    tokens: median(list.map((s) => s.tokens)),
    tokensPerSecond: round(median(list.map((s) => (s.tokens * 1000) / s.totalMs)), 1),
  }));
  const engineTps = rows.find((r) => r.name === 'engine')?.tokensPerSecond ?? 0;
  const ratios = Object.fromEntries(rows.filter((r) => r.name !== 'engine').map((r) => [`${r.name}VsEngine`, round(r.tokensPerSecond / engineTps, 3)]));
  console.log(`\nllm-api: test-tiny-llm, ${TOKENS} tokens per run, median of ${ROUNDS} rounds, ${os.cpus().length} CPUs, Node ${process.version}`);
  console.table(rows);
  console.log('note: tokens/s = completion tokens / wall time of the whole request (client side); TTFT = first text delta');
  console.log(JSON.stringify({ bench: 'llm-api', tokens: TOKENS, rounds: ROUNDS, cpus: os.cpus().length, node: process.version, results: rows, ratios }));
}

await main();
