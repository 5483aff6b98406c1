// P3: time to first audio through POST /api/chat/stream with `tts` (test-tiny-llm + espeak-ng) on a loopback server,
// beside time to first token and a bare POST /api/tts/generate of the first sentence, in one run. Table + one JSON line.
import os from 'node:os';
import { TINY_REPLY } from '../models/src/fixtures/index.ts';
import { serveApp } from '../sync-server/test/helpers.ts';
import { asUser } from '../sync-server/src/auth/testing.ts';
import { createVoiceTestApp } from '../sync-server/src/services/voice/testing.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const VOICE = process.env.BENCH_VOICE ?? 'en-us';
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
};

interface Sample {
  /** Send → first byte of the first `audio` event (the first sentence's speech). */
  firstAudioMs: number;
  /** Send → first `token` event. */
  firstTokenMs: number;
  /** Send → end of the stream (every sentence spoken, `done`). */
  totalMs: number;
}

async function main(): Promise<void> {
  const t = await createVoiceTestApp({ chat: true });
  const server = await serveApp(t.app);
  const user = await asUser(t.app);
  const headers = { ...user.headers, 'content-type': 'application/json' };
  const chatBody = JSON.stringify({ messages: [{ role: 'user', content: 'Hi!' }], options: { temperature: 0 }, tts: { voice: VOICE } });
  const firstSentence = TINY_REPLY.slice(0, TINY_REPLY.indexOf('!') + 1);

  const chat = async (): Promise<Sample> => {
    const start = performance.now();
    const res = await fetch(`${server.url}/api/chat/stream`, { method: 'POST', headers, body: chatBody });
    if (!res.ok || !res.body) throw new Error(`/api/chat/stream answered ${res.status}`);
    let firstAudio = Number.NaN;
    let firstToken = Number.NaN;
    let seen = '';
    const decoder = new TextDecoder();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      const now = performance.now() - start;
      // Only the start of each chunk matters for "first byte": an event name is at most a few bytes into a line.
      seen = (seen + decoder.decode(chunk, { stream: true })).slice(-64_000);
      if (Number.isNaN(firstToken) && seen.includes('event: token')) firstToken = now;
      if (Number.isNaN(firstAudio) && seen.includes('event: audio')) firstAudio = now;
    }
    if (Number.isNaN(firstAudio)) throw new Error('no audio event');
    return { firstAudioMs: firstAudio, firstTokenMs: firstToken, totalMs: performance.now() - start };
  };
  const generate = async (): Promise<number> => {
    const start = performance.now();
    const res = await fetch(`${server.url}/api/tts/generate`, { method: 'POST', headers, body: JSON.stringify({ text: firstSentence, voice: VOICE }) });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`/api/tts/generate answered ${res.status}`);
    return performance.now() - start;
  };

  const samples: Sample[] = [];
  const gen: number[] = [];
  try {
    // Warm-up: model load, espeak start, first-run JIT.
    for (let i = 0; i < 3; i++) {
      await chat();
      await generate();
    }
    for (let r = 0; r < ROUNDS; r++) {
      samples.push(await chat());
      gen.push(await generate());
    }
  } finally {
    await server.close(1000);
    await t.dispose();
  }
  const stat = (name: string, xs: number[]) => ({ name, p50Ms: round(pct(xs, 50)), p95Ms: round(pct(xs, 95)), minMs: round(Math.min(...xs)), maxMs: round(Math.max(...xs)) });
  const rows = [
    stat('chat first audio (send → first audio byte)', samples.map((s) => s.firstAudioMs)),
    stat('chat first token', samples.map((s) => s.firstTokenMs)),
    stat('chat whole reply with speech', samples.map((s) => s.totalMs)),
    stat(`/api/tts/generate "${firstSentence}"`, gen),
  ];
  console.log(`\ntts-api (P3): test-tiny-llm + espeak-ng (${VOICE}), ${ROUNDS} rounds, loopback HTTP, ${os.cpus().length} CPUs, Node ${process.version}`);
  console.table(rows);
  console.log('note: first audio = the first sentence synthesised (espeak-ng worker thread) and sent while the model is still writing');
  const [audio, token, total, tts] = rows;
  console.log(
    JSON.stringify({
      bench: 'tts-api',
      rounds: ROUNDS,
      voice: VOICE,
      cpus: os.cpus().length,
      node: process.version,
      firstAudioMs: { p50: audio!.p50Ms, p95: audio!.p95Ms },
      firstTokenMs: { p50: token!.p50Ms, p95: token!.p95Ms },
      totalMs: { p50: total!.p50Ms, p95: total!.p95Ms },
      generateFirstSentenceMs: { p50: tts!.p50Ms, p95: tts!.p95Ms },
    }),
  );
}

await main();
