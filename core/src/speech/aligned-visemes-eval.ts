// Known-answer cases for the aligner (shared by its tests and bench/speech-visemes-align.ts): espeak-ng speaking
// at another rate, pitch or voice plays the cloned voice, and its own phoneme times are the truth.
import type { SynthesisOptions, SynthesisResult, TtsEngine } from './engine';
import { phonemeVisemes } from './phoneme-map';
import type { PhonemeEvent } from './visemes';

export interface AlignmentCase {
  readonly name: string;
  readonly text: string;
  /** espeak-ng at rate 1: the phonemes (and audio) that get aligned. */
  readonly reference: SynthesisResult;
  /** The "cloned voice": audio and the phoneme times it really has. */
  readonly samples: Float32Array;
  readonly sampleRate: number;
  readonly truth: readonly PhonemeEvent[];
}

const isSound = (p: PhonemeEvent): boolean =>
  !(phonemeVisemes(p.phoneme).length === 1 && phonemeVisemes(p.phoneme)[0] === 'sil');

/**
 * Start-time errors (ms) of the sounding phonemes (pauses left out), or undefined when the two runs did not
 * produce the same phoneme sequence (then there is no known answer to compare with).
 */
export function startErrorsMs(aligned: readonly PhonemeEvent[], truth: readonly PhonemeEvent[]): number[] | undefined {
  const a = aligned.filter(isSound);
  const t = truth.filter(isSound);
  if (a.length !== t.length || a.some((p, i) => p.phoneme !== t[i]!.phoneme)) return undefined;
  return a.map((p, i) => Math.abs(p.startMs - t[i]!.startMs));
}

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((x, y) => x - y);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo]! + (s[Math.min(s.length - 1, lo + 1)]! - s[lo]!) * (pos - lo);
}

function silence(ms: number, sampleRate: number): Float32Array {
  return new Float32Array(Math.round((ms / 1000) * sampleRate));
}

function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const shifted = (events: readonly PhonemeEvent[], fromMs: number, byMs: number): PhonemeEvent[] =>
  events.map((e) => (e.startMs >= fromMs ? { ...e, startMs: e.startMs + byMs } : e));

/** Inserts `ms` of silence at `atMs` (a hesitation the reference does not have), moving later phonemes. */
export function withSilenceAt(
  r: SynthesisResult,
  atMs: number,
  ms: number,
): { samples: Float32Array; truth: PhonemeEvent[] } {
  const at = Math.round((atMs / 1000) * r.sampleRate);
  return {
    samples: concat([r.samples.subarray(0, at), silence(ms, r.sampleRate), r.samples.subarray(at)]),
    truth: shifted(r.phonemes, atMs, ms),
  };
}

/** Cuts [fromMs, toMs) out (a pause the voice does not make), moving later phonemes back. */
export function withoutSpan(
  r: SynthesisResult,
  fromMs: number,
  toMs: number,
): { samples: Float32Array; truth: PhonemeEvent[] } {
  const a = Math.round((fromMs / 1000) * r.sampleRate);
  const b = Math.round((toMs / 1000) * r.sampleRate);
  return {
    samples: concat([r.samples.subarray(0, a), r.samples.subarray(b)]),
    truth: r.phonemes.map((e) =>
      e.startMs >= toMs
        ? { ...e, startMs: e.startMs - (toMs - fromMs) }
        : e.startMs >= fromMs
          ? { ...e, startMs: fromMs }
          : e,
    ),
  };
}

export const ALIGNMENT_SENTENCES = [
  'Hello, Bob. The quick brown fox jumps over the lazy dog, and then it runs away!',
  'I was thinking about what you said yesterday; maybe we could go to the museum on Sunday morning.',
  'Well, honestly, I had no idea that penguins could swim so fast, but it makes perfect sense.',
] as const;

/** A longest silence inside the utterance, from its pause events (at least 80 ms), or undefined. */
function longestPause(r: SynthesisResult): [number, number] | undefined {
  let best: [number, number] | undefined;
  const sounds = r.phonemes.filter(isSound);
  const first = sounds[0]?.startMs ?? 0;
  const last = sounds.at(-1)?.startMs ?? 0;
  r.phonemes.forEach((e, i) => {
    if (isSound(e) || e.startMs <= first || e.startMs >= last) return;
    const next = r.phonemes.slice(i + 1).find(isSound);
    if (!next) return;
    if (!best || next.startMs - e.startMs > best[1] - best[0]) best = [e.startMs, next.startMs];
  });
  return best && best[1] - best[0] >= 80 ? best : undefined;
}

/**
 * The cases for one sentence: other rates, pitch and voices (all keep espeak's phoneme sequence), two
 * sentence halves at different rates, a hesitation the reference lacks, a pause the voice skips, and
 * leading/trailing silence.
 */
export async function alignmentCases(engine: TtsEngine, text: string, voice = 'en-us'): Promise<AlignmentCase[]> {
  const say = (options: SynthesisOptions = {}): Promise<SynthesisResult> =>
    engine.synthesize(text, { voice, ...options });
  const reference = await say();
  const cases: AlignmentCase[] = [];
  const add = (
    name: string,
    r: { samples: Float32Array; sampleRate: number; truth: readonly PhonemeEvent[] },
  ): void => {
    cases.push({ name, text, reference, ...r });
  };
  const plain = (r: SynthesisResult) => ({ samples: r.samples, sampleRate: r.sampleRate, truth: r.phonemes });
  add('rate 0.75', plain(await say({ rate: 0.75 })));
  add('rate 1.3', plain(await say({ rate: 1.3 })));
  add('rate 0.9, pitch 1.6', plain(await say({ rate: 0.9, pitch: 1.6 })));
  add('voice f3, rate 0.85, pitch 1.3', plain(await say({ voice: `${voice}+f3`, rate: 0.85, pitch: 1.3 })));
  add('voice klatt4, rate 1.15', plain(await say({ voice: `${voice}+klatt4`, rate: 1.15 })));
  add('voice whisper, rate 0.9', plain(await say({ voice: `${voice}+whisper`, rate: 0.9 })));
  add('voice croak, rate 1.2, pitch 0.6', plain(await say({ voice: `${voice}+croak`, rate: 1.2, pitch: 0.6 })));
  const slow = await say({ rate: 0.8 });
  const word = slow.words[Math.floor(slow.words.length / 2)];
  if (word) {
    const hesitated = withSilenceAt(slow, word.startMs, 350);
    add('rate 0.8 + 350 ms hesitation mid-clause', { ...hesitated, sampleRate: slow.sampleRate });
  }
  const fast = await say({ rate: 1.1 });
  const pause = longestPause(fast);
  if (pause) {
    const ranOn = withoutSpan(fast, pause[0] + 10, pause[1] - 10);
    add('rate 1.1, longest pause cut out', { ...ranOn, sampleRate: fast.sampleRate });
  }
  const [a, b] = [await say({ rate: 0.8 }), await say({ rate: 1.25 })];
  const [pa, pb] = [longestPause(a), longestPause(b)];
  if (pa && pb) {
    const cutA = (pa[0] + pa[1]) / 2;
    const cutB = (pb[0] + pb[1]) / 2;
    const at = (r: SynthesisResult, ms: number): number => Math.round((ms / 1000) * r.sampleRate);
    add('first part at rate 0.8, the rest at 1.25', {
      samples: concat([a.samples.subarray(0, at(a, cutA)), b.samples.subarray(at(b, cutB))]),
      sampleRate: a.sampleRate,
      truth: [
        ...a.phonemes.filter((e) => e.startMs < cutA),
        ...shifted(
          b.phonemes.filter((e) => e.startMs >= cutB),
          0,
          cutA - cutB,
        ),
      ],
    });
  }
  const padded = await say({ rate: 0.9 });
  add('rate 0.9 + 700 ms lead, 500 ms tail', {
    samples: concat([silence(700, padded.sampleRate), padded.samples, silence(500, padded.sampleRate)]),
    sampleRate: padded.sampleRate,
    truth: shifted(padded.phonemes, 0, 700),
  });
  return cases;
}
