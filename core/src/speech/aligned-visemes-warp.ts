// Matches the reference's pauses to the target's silent gaps (in order) and builds the monotone time map between them.
import type { Interval } from './aligned-visemes-activity';

/** Where speech is on one side: its span and the silent stretches inside it. */
export interface Timeline {
  readonly speech: Interval;
  readonly pauses: readonly Interval[];
}

/** A monotone map of cumulative speech time, [u, v] knots from [0, 0] to [source total, target total]. */
export type Warp = readonly (readonly [number, number])[];

/**
 * One stretch between matched anchors: source speech (minus pauses left unmatched) maps onto target speech
 * (minus gaps left unmatched), so phonemes never land in a silence the other side does not have.
 */
export interface Piece {
  readonly source: readonly Interval[];
  readonly target: readonly Interval[];
  warp: Warp;
  /** Speech stretches may be refined (DTW); matched pauses and the edges are mapped linearly. */
  readonly kind: 'speech' | 'pause' | 'edge';
}

const total = (xs: readonly Interval[]): number => xs.reduce((s, x) => s + x.endMs - x.startMs, 0);
const duration = (x: Interval): number => x.endMs - x.startMs;

/** `span` with `holes` (sorted, inside it) cut out. */
function subtract(span: Interval, holes: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let at = span.startMs;
  for (const h of holes) {
    if (h.startMs > at) out.push({ startMs: at, endMs: h.startMs });
    at = Math.max(at, h.endMs);
  }
  if (span.endMs > at) out.push({ startMs: at, endMs: span.endMs });
  return out.length > 0 ? out : [{ startMs: span.startMs, endMs: span.startMs }];
}

export interface MatchCosts {
  /** Cost per ms of a target gap left unmatched (the voice paused where the reference did not). */
  readonly unmatchedGap: number;
  /** Cost per ms (in target time) of a reference pause left unmatched (the voice ran on). */
  readonly unmatchedPause: number;
  /** Cost per ms by which a matched gap's length differs from its pause's (scaled by the overall ratio). */
  readonly lengthMismatch: number;
}

export const DEFAULT_MATCH_COSTS: MatchCosts = { unmatchedGap: 1.5, unmatchedPause: 1.5, lengthMismatch: 1 };

/** The longest gaps kept for matching: bounds the O(k²m²) search on noisy audio. */
const MAX_CANDIDATES = 40;

/**
 * Pairs of (source pause, target gap) indices, in order. Dynamic programming over anchors: between consecutive
 * matched pairs, the target's speech time should be the source's times the utterance's overall ratio; every
 * pause or gap left out costs its length. So pauses match gaps where the speech between them agrees, the
 * weakest extra gaps are dropped, and a missing one costs no more than its own duration.
 */
export function matchPauses(
  source: Timeline,
  target: Timeline,
  costs: MatchCosts = DEFAULT_MATCH_COSTS,
): [number, number][] {
  const sp = source.pauses;
  const tp = keepLongest(target.pauses, MAX_CANDIDATES);
  const ratio = Math.max(1e-6, total(subtract(target.speech, tp))) / Math.max(1e-6, total(subtract(source.speech, sp)));
  // Anchor 0 is the speech start, anchor k+1 the speech end; in between, the pauses. Positions are the speech
  // time (pauses excluded) before each anchor, and the pause lengths up to it, so a span's cost is O(1).
  const sPos = speechBefore(source, sp);
  const tPos = speechBefore(target, tp);
  const k = sp.length;
  const m = tp.length;
  const best = Array.from({ length: k + 2 }, () => new Float64Array(m + 2).fill(Infinity));
  const from = Array.from({ length: k + 2 }, () => new Int32Array((m + 2) * 2).fill(-1));
  best[0]![0] = 0;
  for (let i = 1; i <= k + 1; i++) {
    for (let j = 1; j <= m + 1; j++) {
      // The end anchor pairs only with the end anchor.
      if ((i === k + 1) !== (j === m + 1)) continue;
      for (let a = 0; a < i; a++) {
        for (let b = 0; b < j; b++) {
          const prev = best[a]![b]!;
          if (!Number.isFinite(prev)) continue;
          const srcSpeech = sPos.speech[i]! - sPos.speech[a]!;
          const tgtSpeech = tPos.speech[j]! - tPos.speech[b]!;
          const skippedPauses = sPos.pauses[i - 1]! - sPos.pauses[a]!;
          const skippedGaps = tPos.pauses[j - 1]! - tPos.pauses[b]!;
          const lengths =
            i <= k ? costs.lengthMismatch * Math.abs(duration(tp[j - 1]!) - ratio * duration(sp[i - 1]!)) : 0;
          const cost =
            prev +
            lengths +
            rateCost(tgtSpeech, ratio * srcSpeech) +
            costs.unmatchedPause * ratio * skippedPauses +
            costs.unmatchedGap * skippedGaps;
          if (cost < best[i]![j]!) {
            best[i]![j] = cost;
            from[i]![j * 2] = a;
            from[i]![j * 2 + 1] = b;
          }
        }
      }
    }
  }
  const pairs: [number, number][] = [];
  for (let i = k + 1, j = m + 1; i > 0;) {
    const a = from[i]![j * 2]!;
    const b = from[i]![j * 2 + 1]!;
    if (a > 0) pairs.unshift([a - 1, target.pauses.indexOf(tp[b - 1]!)]);
    [i, j] = [a, b];
  }
  return pairs;
}

/**
 * How badly a stretch's target speech time disagrees with the expected one. Voices speed up and slow down by
 * a fifth or so between clauses, so deviations within that cost little; beyond it, fully.
 */
function rateCost(actual: number, expected: number): number {
  const off = Math.abs(actual - expected);
  return 0.25 * off + Math.max(0, off - 0.2 * expected);
}

function keepLongest(gaps: readonly Interval[], n: number): Interval[] {
  if (gaps.length <= n) return [...gaps];
  const cut = [...gaps].sort((a, b) => duration(b) - duration(a))[n - 1]!;
  return gaps.filter((g) => duration(g) >= duration(cut)).slice(0, n);
}

/**
 * For anchors 0..k+1: `speech[i]` = speech time from the start to anchor i (pauses excluded); `pauses[i]` =
 * the summed length of pauses 1..i (pauses[0] = 0), so skipped pauses between anchors a and i are
 * pauses[i-1] - pauses[a].
 */
function speechBefore(t: Timeline, pauses: readonly Interval[]): { speech: number[]; pauses: number[] } {
  const speech = [0];
  const paused = [0];
  let at = t.speech.startMs;
  let acc = 0;
  let pauseAcc = 0;
  for (const p of pauses) {
    acc += p.startMs - at;
    at = p.endMs;
    speech.push(acc);
    pauseAcc += duration(p);
    paused.push(pauseAcc);
  }
  speech.push(acc + t.speech.endMs - at);
  paused.push(pauseAcc);
  return { speech, pauses: paused };
}

/**
 * Unmatched silences long enough to be a hesitation (or a pause the other side ran through) are cut out of
 * the stretch; shorter ones are mostly stop closures, which belong to the phoneme after them.
 */
const MIN_HOLE_MS = 150;
const holes = (gaps: readonly Interval[]): Interval[] => gaps.filter((g) => duration(g) >= MIN_HOLE_MS);

/**
 * The pieces of the map, in source order and covering the source from 0 to `sourceEndMs`. The lead-in and
 * tail keep their length (clamped to the target) so the silence events before and after speech move with it.
 */
export function buildPieces(
  source: Timeline,
  target: Timeline,
  pairs: readonly [number, number][],
  sourceEndMs: number,
  targetEndMs: number,
): Piece[] {
  const linear = (src: Interval[], tgt: Interval[]): Warp => [
    [0, 0],
    [total(src), total(tgt)],
  ];
  const pieces: Piece[] = [];
  const lead = Math.min(source.speech.startMs, target.speech.startMs);
  const leadSrc = [{ startMs: 0, endMs: source.speech.startMs }];
  const leadTgt = [{ startMs: target.speech.startMs - lead, endMs: target.speech.startMs }];
  pieces.push({ source: leadSrc, target: leadTgt, warp: linear(leadSrc, leadTgt), kind: 'edge' });
  let srcAt = source.speech.startMs;
  let tgtAt = target.speech.startMs;
  let prev: readonly [number, number] = [-1, -1];
  const end: [number, number] = [source.pauses.length, target.pauses.length];
  for (const pair of [...pairs, end]) {
    const [i, j] = pair;
    const last = pair === end;
    const sPause = source.pauses[i] ?? { startMs: source.speech.endMs, endMs: source.speech.endMs };
    const tGap = target.pauses[j] ?? { startMs: target.speech.endMs, endMs: target.speech.endMs };
    const src = subtract({ startMs: srcAt, endMs: sPause.startMs }, holes(source.pauses.slice(prev[0] + 1, i)));
    const tgt = subtract({ startMs: tgtAt, endMs: tGap.startMs }, holes(target.pauses.slice(prev[1] + 1, j)));
    pieces.push({ source: src, target: tgt, warp: linear(src, tgt), kind: 'speech' });
    if (!last) pieces.push({ source: [sPause], target: [tGap], warp: linear([sPause], [tGap]), kind: 'pause' });
    srcAt = sPause.endMs;
    tgtAt = tGap.endMs;
    prev = pair;
  }
  const tail = Math.max(0, Math.min(sourceEndMs - source.speech.endMs, targetEndMs - target.speech.endMs));
  const tailSrc = [{ startMs: source.speech.endMs, endMs: Math.max(source.speech.endMs, sourceEndMs) }];
  const tailTgt = [{ startMs: target.speech.endMs, endMs: target.speech.endMs + tail }];
  pieces.push({ source: tailSrc, target: tailTgt, warp: linear(tailSrc, tailTgt), kind: 'edge' });
  return pieces;
}

function interpolate(warp: Warp, u: number): number {
  let lo = 0;
  let hi = warp.length - 1;
  if (u <= warp[0]![0]) return warp[0]![1];
  if (u >= warp[hi]![0]) return warp[hi]![1];
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (warp[mid]![0] <= u) lo = mid;
    else hi = mid;
  }
  const [u0, v0] = warp[lo]!;
  const [u1, v1] = warp[hi]!;
  return u1 > u0 ? v0 + ((u - u0) / (u1 - u0)) * (v1 - v0) : v1;
}

/** Source time → cumulative speech time inside `intervals` (a time in a hole counts as the hole's start). */
function toCumulative(intervals: readonly Interval[], t: number): number {
  let acc = 0;
  for (const x of intervals) {
    if (t <= x.startMs) return acc;
    if (t < x.endMs) return acc + t - x.startMs;
    acc += duration(x);
  }
  return acc;
}

/** Cumulative speech time → a time inside `intervals`; on a boundary, the later side (after a skipped gap). */
function fromCumulative(intervals: readonly Interval[], v: number): number {
  let acc = 0;
  for (const x of intervals) {
    const d = duration(x);
    if (v < acc + d) return x.startMs + Math.max(0, v - acc);
    acc += d;
  }
  return intervals.at(-1)!.endMs;
}

/** Maps a source time through the pieces (times past the last piece keep their offset from its end). */
export function mapTime(pieces: readonly Piece[], t: number): number {
  for (const piece of pieces) {
    const end = piece.source.at(-1)!.endMs;
    if (t < end || piece === pieces.at(-1)) {
      const u = Math.min(toCumulative(piece.source, t), total(piece.source));
      return fromCumulative(piece.target, interpolate(piece.warp, u));
    }
  }
  return t;
}

export { subtract as subtractIntervals, total as totalMs };
