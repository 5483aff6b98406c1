// Token sampling for the XTTS GPT: repetition penalty, temperature, top-k, top-p, with a seedable RNG.

export interface SamplingOptions {
  readonly temperature?: number;
  readonly topK?: number;
  readonly topP?: number;
  readonly repetitionPenalty?: number;
}

/** Defaults of XTTS-v2's config. */
export const XTTS_SAMPLING: Required<SamplingOptions> = {
  temperature: 0.75,
  topK: 50,
  topP: 0.85,
  repetitionPenalty: 10,
};

/** mulberry32 (the one core/macros uses): the same seed gives the same audio. */
export { seededRandom } from '../../macros/rng';

/** HF's RepetitionPenaltyLogitsProcessor: positive logits divided, negative multiplied, once per distinct token. */
export function applyRepetitionPenalty(logits: Float32Array, previous: Iterable<number>, penalty: number): void {
  if (penalty === 1) return;
  for (const id of new Set(previous)) {
    const v = logits[id];
    if (v === undefined) continue;
    logits[id] = v > 0 ? v / penalty : v * penalty;
  }
}

/** Picks a token from logits (modified in place); -Infinity logits are never picked. */
export function sampleToken(
  logits: Float32Array,
  previous: readonly number[],
  o: SamplingOptions,
  random: () => number,
): number {
  const opts = { ...XTTS_SAMPLING, ...o };
  applyRepetitionPenalty(logits, previous, opts.repetitionPenalty);
  if (opts.temperature <= 0) return argmax(logits);
  const ids = Array.from(logits.keys()).filter((i) => Number.isFinite(logits[i]!));
  if (ids.length === 0) throw new RangeError('No finite logits to sample from.');
  ids.sort((a, b) => logits[b]! - logits[a]!);
  const k = opts.topK > 0 ? Math.min(opts.topK, ids.length) : ids.length;
  const top = ids.slice(0, k);
  const maxLogit = logits[top[0]!]!;
  const weights = top.map((i) => Math.exp((logits[i]! - maxLogit) / opts.temperature));
  const total = weights.reduce((a, b) => a + b, 0);
  // Nucleus: keep the smallest prefix whose probability reaches top_p (always at least one token).
  let keep = 0;
  let cum = 0;
  while (keep < top.length && (keep === 0 || cum < opts.topP)) cum += weights[keep++]! / total;
  let r = random() * weights.slice(0, keep).reduce((a, b) => a + b, 0);
  for (let i = 0; i < keep; i++) {
    r -= weights[i]!;
    if (r < 0) return top[i]!;
  }
  return top[keep - 1]!;
}

export function argmax(v: Float32Array): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[best]!) best = i;
  return best;
}
