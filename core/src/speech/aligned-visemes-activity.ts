// Where speech and pauses are in an utterance, from frame energy with hysteresis (fine enough for word gaps).

export interface Interval {
  readonly startMs: number;
  readonly endMs: number;
}

export interface SpeechActivity {
  /** From the first to the last frame of speech; undefined when nothing rises above the threshold. */
  readonly speech: Interval | undefined;
  /** Silent stretches strictly inside `speech`, at least `minGapMs` long, in order. */
  readonly gaps: readonly Interval[];
  /** Frame levels in dBFS (RMS), one per `frameMs`, for envelope work by the caller. */
  readonly levelsDb: Float32Array;
  readonly frameMs: number;
  /** The level (dBFS) a frame needs to count as speech. */
  readonly speechDb: number;
}

export interface ActivityOptions {
  /** Hop between level frames; each frame's window is twice this, centred on the frame time. */
  readonly frameMs: number;
  /** Speech is what rises within this many dB of the utterance's loud level (its 95th percentile frame). */
  readonly rangeDb: number;
  /** A frame that falls this many dB below the speech threshold ends speech (hysteresis). */
  readonly hysteresisDb: number;
  /** Shorter silences are stop closures or breath dips, not pauses. */
  readonly minGapMs: number;
  /** Shorter bursts inside silence are clicks, not speech. */
  readonly minSpeechMs: number;
  /** A burst that never comes within this many dB of the loud level is a breath or noise, not speech. */
  readonly peakWithinDb: number;
}

export const DEFAULT_ACTIVITY_OPTIONS: ActivityOptions = {
  frameMs: 10,
  rangeDb: 32,
  hysteresisDb: 4,
  minGapMs: 60,
  minSpeechMs: 40,
  peakWithinDb: 20,
};

/** Digital silence reads as this level rather than -Infinity. */
const FLOOR_DB = -100;

/** RMS level (dBFS) of windows of two hops centred on each frame time. */
export function frameLevelsDb(samples: Float32Array, sampleRate: number, frameMs: number): Float32Array {
  const hop = (sampleRate * frameMs) / 1000;
  const count = Math.max(0, Math.ceil(samples.length / hop));
  const out = new Float32Array(count);
  for (let f = 0; f < count; f++) {
    const from = Math.max(0, Math.round(f * hop - hop));
    const to = Math.min(samples.length, Math.round(f * hop + hop));
    let sum = 0;
    for (let i = from; i < to; i++) sum += samples[i]! * samples[i]!;
    out[f] = Math.max(FLOOR_DB, 10 * Math.log10(sum / Math.max(1, to - from) + 1e-12));
  }
  return out;
}

function percentile(values: Float32Array, q: number): number {
  if (values.length === 0) return FLOOR_DB;
  const sorted = Float32Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Frames → speech runs with hysteresis: on at `on` dB, off only below `on - hysteresis`. */
function speechRuns(levels: Float32Array, on: number, off: number): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  for (let f = 0; f <= levels.length; f++) {
    const level = f < levels.length ? levels[f]! : FLOOR_DB;
    if (start < 0 && level >= on) start = f;
    else if (start >= 0 && level < off) {
      runs.push([start, f]);
      start = -1;
    }
  }
  return runs;
}

export function detectSpeechActivity(
  samples: Float32Array,
  sampleRate: number,
  options: Partial<ActivityOptions> = {},
): SpeechActivity {
  const o = { ...DEFAULT_ACTIVITY_OPTIONS, ...options };
  const levelsDb = frameLevelsDb(samples, sampleRate, o.frameMs);
  // Relative to the utterance's own loud level, so a quiet or loud voice (XTTS output varies) is treated alike;
  // the noise floor, when there is one, lifts the threshold so hiss between words still reads as a pause.
  const loud = percentile(levelsDb, 0.95);
  const noise = percentile(levelsDb, 0.05);
  const speechDb = Math.max(loud - o.rangeDb, noise + o.hysteresisDb + 3);
  const minSpeech = Math.ceil(o.minSpeechMs / o.frameMs);
  const runs = speechRuns(levelsDb, speechDb, speechDb - o.hysteresisDb).filter(
    ([a, b]) => b - a >= minSpeech && levelsDb.subarray(a, b).some((db) => db >= loud - o.peakWithinDb),
  );
  const first = runs[0];
  const last = runs.at(-1);
  if (!first || !last) return { speech: undefined, gaps: [], levelsDb, frameMs: o.frameMs, speechDb };
  const gaps: Interval[] = [];
  for (let i = 1; i < runs.length; i++) {
    const from = runs[i - 1]![1];
    const to = runs[i]![0];
    if ((to - from) * o.frameMs >= o.minGapMs) gaps.push({ startMs: from * o.frameMs, endMs: to * o.frameMs });
  }
  return {
    speech: { startMs: first[0] * o.frameMs, endMs: last[1] * o.frameMs },
    gaps,
    levelsDb,
    frameMs: o.frameMs,
    speechDb,
  };
}
