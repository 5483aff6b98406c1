// Phoneme alignment for cloned voices: start-time error against espeak-ng's own timings (known answer) for DTW,
// pause matching and the naive one-stretch baseline, and the cost in ms per second of audio. Table + one JSON line.
import os from 'node:os';
import { createEspeakEngine } from '@companion/core/speech/espeak';
import { alignPhonemesToAudio, type AlignmentMethod } from '../core/src/speech/aligned-visemes';
import {
  ALIGNMENT_SENTENCES,
  alignmentCases,
  quantile,
  startErrorsMs,
  type AlignmentCase,
} from '../core/src/speech/aligned-visemes-eval';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const METHODS: { name: string; method: AlignmentMethod; reference: boolean }[] = [
  { name: 'linear (baseline)', method: 'linear', reference: false },
  { name: 'pauses (events only)', method: 'pauses', reference: false },
  { name: 'pauses (reference audio)', method: 'pauses', reference: true },
  { name: 'dtw (reference audio)', method: 'dtw', reference: true },
];

function align(c: AlignmentCase, method: AlignmentMethod, reference: boolean) {
  return alignPhonemesToAudio(c.reference.phonemes, c.reference.durationMs, c.samples, c.sampleRate, {
    method,
    ...(reference ? { reference: { samples: c.reference.samples, sampleRate: c.reference.sampleRate } } : {}),
  });
}

async function main(): Promise<void> {
  const engine = await createEspeakEngine();
  const cases: AlignmentCase[] = [];
  for (const [i, text] of ALIGNMENT_SENTENCES.entries()) {
    cases.push(...(await alignmentCases(engine, text)));
    console.error(`cases: sentence ${i + 1}/${ALIGNMENT_SENTENCES.length}`);
  }
  engine.dispose();
  const audioSec = cases.reduce((s, c) => s + c.samples.length / c.sampleRate, 0);
  const rows: Record<string, number | string>[] = [];
  const summary: Record<string, number> = {};
  for (const m of METHODS) {
    const errors: number[] = [];
    let worstCaseP90 = 0;
    for (const c of cases) {
      const e = startErrorsMs(align(c, m.method, m.reference).phonemes, c.truth);
      if (!e) throw new Error(`No known answer for "${c.name}": the phoneme sequences differ.`);
      errors.push(...e);
      worstCaseP90 = Math.max(worstCaseP90, quantile(e, 0.9));
    }
    // Warm once, then time every case RUNS times; the median run is reported.
    const times: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      for (const c of cases) align(c, m.method, m.reference);
      times.push(performance.now() - t0);
    }
    const msPerAudioSec = quantile(times, 0.5) / audioSec;
    rows.push({
      method: m.name,
      phonemes: errors.length,
      medianErrMs: round(quantile(errors, 0.5)),
      p90ErrMs: round(quantile(errors, 0.9)),
      worstCaseP90Ms: round(worstCaseP90),
      msPerAudioSec: round(msPerAudioSec, 2),
    });
    const key = m.name.split(' ')[0]! + (m.reference && m.method === 'pauses' ? 'Ref' : '');
    summary[`${key}MedianMs`] = round(quantile(errors, 0.5));
    summary[`${key}P90Ms`] = round(quantile(errors, 0.9));
    summary[`${key}MsPerAudioSec`] = round(msPerAudioSec, 2);
    console.error(`method done: ${m.name}`);
  }
  console.table(rows);
  console.log(
    JSON.stringify({
      bench: 'speech-visemes-align',
      cases: cases.length,
      caseNames: [...new Set(cases.map((c) => c.name))],
      audioSec: round(audioSec),
      runs: RUNS,
      node: process.version,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      // Other work on the machine inflates the timings (not the errors); compare runs only at similar load.
      loadAvg1m: round(os.loadavg()[0] ?? 0),
      ...summary,
    }),
  );
}

function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

await main();
