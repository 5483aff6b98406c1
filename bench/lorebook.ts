// Lorebook activation over 1,000 entries and 100 messages (plain, whole-word, regex and selective keys, recursion on).
import os from 'node:os';
import type { LoreEntry, Lorebook } from '../core/src/cards/types';
import { activateLore } from '../core/src/lorebook/engine';
import type { ScanMessage } from '../core/src/lorebook/types';
import { seededRandom } from '../core/src/macros/rng';

const ENTRIES = 1000;
const MESSAGES = 100;
const RUNS = 30;
const rand = seededRandom(42);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
/** 20,000 words: with 60-word messages, each key occurs in a 100-message window about a quarter of the time. */
const VOCAB = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}${'aeiou'[i % 5]}rd`);

function makeEntry(i: number): LoreEntry {
  const kind = i % 10;
  const keys = [pick(VOCAB), pick(VOCAB)];
  const ext: Record<string, unknown> = {};
  if (kind === 1) ext.match_whole_words = true;
  if (kind === 2) keys[0] = `/${pick(VOCAB)}\\s+(?:${pick(VOCAB)}|${pick(VOCAB)})/i`;
  if (kind === 3) ext.selectiveLogic = i % 4;
  if (kind === 4) Object.assign(ext, { probability: 50, group: `g${i % 20}` });
  const content = `${pick(VOCAB)} ${pick(VOCAB)} `.repeat(20);
  return {
    id: i, keys, content, extensions: ext, enabled: true, insertion_order: i % 100, priority: i % 7,
    selective: kind === 3, secondary_keys: kind === 3 ? [pick(VOCAB), pick(VOCAB)] : [], extra: {},
    ...(kind === 5 ? { case_sensitive: true } : {}),
  };
}

const messages: ScanMessage[] = Array.from({ length: MESSAGES }, (_, i) => ({
  role: i % 2 ? 'assistant' : 'user',
  content: Array.from({ length: 60 }, () => pick(VOCAB)).join(' ') + '.',
}));

function bookAt(scanDepth: number): Lorebook {
  return { name: 'bench', scan_depth: scanDepth, recursive_scanning: true, token_budget: 4000, extensions: {}, entries: Array.from({ length: ENTRIES }, (_, i) => makeEntry(i)), extra: {} };
}

function measure(scanDepth: number) {
  const book = bookAt(scanDepth);
  const times: number[] = [];
  const cpu: number[] = [];
  let activated = 0;
  let triggered = 0;
  for (let r = 0; r < RUNS + 5; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const res = activateLore({ books: [{ id: 'c', book, isCharacter: true }], messages, random: seededRandom(r) });
    const c1 = process.cpuUsage(c0);
    const dt = performance.now() - t0;
    if (r >= 5) {
      times.push(dt);
      cpu.push((c1.user + c1.system) / 1000);
    }
    activated = res.activated.length;
    triggered = res.activated.length + res.rejected.length;
  }
  const med = (xs: number[]) => round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
  const p95 = (xs: number[]) => round([...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!);
  return { scanDepth, medianMs: med(times), p95Ms: p95(times), cpuMedianMs: med(cpu), activated, triggered };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

const rows = [measure(4), measure(MESSAGES)];
console.table(rows.map((r) => ({ 'scan depth': r.scanDepth, 'median ms': r.medianMs, 'p95 ms': r.p95Ms, 'CPU median ms': r.cpuMedianMs, 'entries triggered': r.triggered, 'inserted (budget 4000)': r.activated })));
console.log(
  JSON.stringify({
    bench: 'lorebook',
    entries: ENTRIES,
    messages: MESSAGES,
    runs: RUNS,
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    depth4MedianMs: rows[0]!.medianMs,
    depth4P95Ms: rows[0]!.p95Ms,
    depth4CpuMedianMs: rows[0]!.cpuMedianMs,
    depth100MedianMs: rows[1]!.medianMs,
    depth100P95Ms: rows[1]!.p95Ms,
    depth100CpuMedianMs: rows[1]!.cpuMedianMs,
    loadAverage: os.loadavg()[0],
    triggered4: rows[0]!.triggered,
    triggered100: rows[1]!.triggered,
  }),
);
