// Card parsing: a 2 MB PNG card (noise image plus a large V3 card with a lorebook in ccv3 and chara), read, written, and as CHARX.
import os from 'node:os';
import { zlibSync } from 'fflate';
import { readCard } from '../core/src/cards/read';
import { readCardJson } from '../core/src/cards/read';
import { writeCardPng, writeCharx } from '../core/src/cards/write';
import { writePngChunks } from '../core/src/cards/png';
import { seededRandom } from '../core/src/macros/rng';

const RUNS = 20;
const rand = seededRandom(7);

function noisePng(side: number): Uint8Array {
  const stride = side * 3 + 1;
  const raw = new Uint8Array(stride * side);
  for (let i = 0; i < raw.length; i++) raw[i] = i % stride === 0 ? 0 : Math.floor(rand() * 256);
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, side);
  new DataView(ihdr.buffer).setUint32(4, side);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return writePngChunks([
    { type: 'IHDR', data: ihdr },
    { type: 'IDAT', data: zlibSync(raw, { level: 1 }) },
    { type: 'IEND', data: new Uint8Array(0) },
  ]);
}

const words = (n: number) => Array.from({ length: n }, () => `word${Math.floor(rand() * 5000)}`).join(' ');
const entries = Array.from({ length: 200 }, (_, i) => ({ keys: [`key${i}`, `alt${i}`], content: words(150), extensions: { depth: 4, st: { n: i } }, enabled: true, insertion_order: i }));
const cardJson = JSON.stringify({
  spec: 'chara_card_v3',
  spec_version: '3.0',
  data: { name: 'Bench', description: words(2000), first_mes: words(200), mes_example: words(500), group_only_greetings: [], extensions: {}, character_book: { entries, extensions: {} } },
});
const card = readCardJson(cardJson).card;
const png = writeCardPng(card, noisePng(625));

function time(f: () => unknown): { medianMs: number; p95Ms: number; cpuMedianMs: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < RUNS + 3; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    f();
    const c1 = process.cpuUsage(c0);
    if (r >= 3) {
      wall.push(performance.now() - t0);
      cpu.push((c1.user + c1.system) / 1000);
    }
  }
  const q = (xs: number[], p: number) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length * p)]! * 100) / 100;
  return { medianMs: q(wall, 0.5), p95Ms: q(wall, 0.95), cpuMedianMs: q(cpu, 0.5) };
}

const charx = writeCharx({ ...card, image: png });
const results = {
  readPng: time(() => readCard(png)),
  writePng: time(() => writeCardPng(card, png)),
  readCharx: time(() => readCard(charx)),
  writeCharx: time(() => writeCharx({ ...card, image: png })),
};
console.table(Object.entries(results).map(([op, r]) => ({ op, 'median ms': r.medianMs, 'p95 ms': r.p95Ms, 'CPU median ms': r.cpuMedianMs })));
console.log(
  JSON.stringify({
    bench: 'cards',
    pngBytes: png.length,
    cardJsonBytes: cardJson.length,
    charxBytes: charx.length,
    runs: RUNS,
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    loadAverage: os.loadavg()[0],
    readPngMedianMs: results.readPng.medianMs,
    readPngCpuMedianMs: results.readPng.cpuMedianMs,
    writePngMedianMs: results.writePng.medianMs,
    readCharxMedianMs: results.readCharx.medianMs,
    writeCharxMedianMs: results.writeCharx.medianMs,
  }),
);
