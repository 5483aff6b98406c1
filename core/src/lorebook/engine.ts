// The lorebook engine: scans the chat for keys and returns the entries to insert, why each fired, and the new state.
import type { LoreEntry } from '../cards/types';
import { seededRandom, type Random } from '../macros/rng';
import { approxTokenizer, type Tokenizer } from '../tokenizer';
import { DEFAULT_REGEX_LIMITS, isRegexKey, KeyCache, PlainIndex, type KeyMatcher, type KeyOptions, type ScanText, scanText } from './matcher';
import { applyBudget, applyGroups, insertOrder, type Selected } from './select';
import { type EntrySettings, resolveEntry } from './settings';
import { isStickyActive, recordFired, rewind, timedRejection, toState } from './timed';
import type { ActivationReason, LoreActivation, LoreEntryState, LoreRejection, LoreResult, LoreScanInput } from './types';

export const DEFAULT_SCAN_DEPTH = 2;
export const DEFAULT_MAX_RECURSION = 3;

interface Candidate extends Selected {
  entry: LoreEntry;
  recursive: boolean;
  bookScanDepth: number;
}

interface Source {
  t: ScanText;
  source: 'message' | 'extra' | 'recursion';
  messageIndex?: number;
  fromEntry?: string;
}

/** Sources and their texts as parallel arrays, built once and reused so matchers can cache per set. */
interface TextSet {
  sources: Source[];
  texts: ScanText[];
}

const textSet = (sources: Source[]): TextSet => ({ sources, texts: sources.map((s) => s.t) });

interface Run {
  turn: number;
  random: Random;
  tokenizer: Tokenizer;
  keys: KeyCache;
  states: Map<string, LoreEntryState>;
  messages: Source[];
  extras: Source[];
  windows: Map<number, TextSet>;
  /** Window plus recursion buffer, per depth, for the current recursion step. */
  stepSets: Map<number, TextSet>;
  rejected: LoreRejection[];
}

function collect(input: LoreScanInput): Candidate[] {
  const out: Candidate[] = [];
  input.books.forEach((b, bookIdx) => {
    const depth = b.book.scan_depth ?? input.defaultScanDepth ?? DEFAULT_SCAN_DEPTH;
    const seen = new Set<string>();
    b.book.entries.forEach((entry, entryIndex) => {
      // A duplicate id would share another entry's timers; it falls back to its position.
      const own = entry.id === undefined || seen.has(String(entry.id)) ? `#${entryIndex}` : String(entry.id);
      seen.add(own);
      const s = resolveEntry(entry, input.defaults);
      if (!s.enabled || s.body.trim() === '') return;
      const uid = `${b.id}:${own}`;
      out.push({
        uid, bookId: b.id, entryIndex, entry, seq: bookIdx * 1_000_000 + entryIndex, isCharacter: b.isCharacter ?? false, s,
        sticky: false, tokens: 0, recursive: b.book.recursive_scanning ?? false, bookScanDepth: depth,
      });
    });
  });
  return out;
}

function firstMatch(keys: string[], o: KeyOptions, set: TextSet, cache: KeyCache): { key: string; src: Source } | undefined {
  for (const key of keys) {
    const m: KeyMatcher | undefined = cache.get(key, o);
    if (!m || !m.testAny(set.texts)) continue;
    const src = set.sources.find((t) => m.test(t.t));
    if (src) return { key, src };
  }
  return undefined;
}

type KeyHit = { key: string; secondaryKey?: string; src: Source };

/** Primary keys, @@additional_keys, secondary keys by selectiveLogic, then @@exclude_keys. */
function matchKeys(s: EntrySettings, texts: TextSet, cache: KeyCache): KeyHit | 'excluded' | undefined {
  const o: KeyOptions = { caseSensitive: s.caseSensitive, wholeWords: s.wholeWords, useRegex: s.useRegex };
  const primary = firstMatch(s.keys, o, texts, cache);
  if (!primary) return undefined;
  if (s.additionalKeys.length > 0 && !firstMatch(s.additionalKeys, o, texts, cache)) return undefined;
  let secondaryKey: string | undefined;
  if (s.selective && s.secondaryKeys.length > 0) {
    const hits = s.secondaryKeys.filter((k) => firstMatch([k], o, texts, cache));
    const all = hits.length === s.secondaryKeys.length;
    if (s.logic === 0 && hits.length === 0) return undefined;
    if (s.logic === 1 && all) return undefined;
    if (s.logic === 2 && hits.length > 0) return undefined;
    if (s.logic === 3 && !all) return undefined;
    secondaryKey = s.logic === 0 ? hits[0] : s.logic === 3 ? hits.join(', ') : undefined;
  }
  if (s.excludeKeys.length > 0 && firstMatch(s.excludeKeys, o, texts, cache)) return 'excluded';
  return { key: primary.key, secondaryKey, src: primary.src };
}

function depthOf(c: Candidate): number {
  return Math.max(0, Math.floor(c.s.scanDepth ?? c.bookScanDepth));
}

/** The newest `depth` messages, newest first, plus the extra scan text; built once per depth. */
function windowFor(c: Candidate, run: Run): TextSet {
  const depth = depthOf(c);
  let w = run.windows.get(depth);
  if (!w) {
    w = textSet([...(depth > 0 ? run.messages.slice(-depth).reverse() : []), ...run.extras]);
    run.windows.set(depth, w);
  }
  return w;
}

function stepSetFor(c: Candidate, run: Run, buffer: Source[]): TextSet {
  const depth = depthOf(c);
  let w = run.stepSets.get(depth);
  if (!w) {
    w = textSet([...windowFor(c, run).sources, ...buffer]);
    run.stepSets.set(depth, w);
  }
  return w;
}

/** Whether any key of the entry occurs in `texts`; if none does, new recursion text cannot change its outcome. */
function mentions(c: Candidate, texts: TextSet, cache: KeyCache): boolean {
  const o: KeyOptions = { caseSensitive: c.s.caseSensitive, wholeWords: c.s.wholeWords, useRegex: c.s.useRegex };
  return [c.s.keys, c.s.secondaryKeys, c.s.additionalKeys].some((keys) => firstMatch(keys, o, texts, cache) !== undefined);
}

type Outcome = { reason: ActivationReason } | { reject: LoreRejection['reason'] } | undefined;

function trigger(c: Candidate, run: Run, step: number, buffer: Source[]): Outcome {
  const st = run.states.get(c.uid);
  if (step === 0 && isStickyActive(st, run.turn)) return { reason: { type: 'sticky', since: st!.start } };
  if (step === 0 && c.s.keepAfterMatch && st?.fired) return { reason: { type: 'decorator', decorator: 'keep_activate_after_match' } };
  if (c.s.neverActivate) return undefined;
  let reason: ActivationReason | undefined;
  if (step === 0 && c.s.constant) reason = { type: 'constant' };
  else if (step === 0 && c.s.forceActivate) reason = { type: 'decorator', decorator: 'activate' };
  else {
    if (step === 0 ? c.s.delayUntilRecursion : c.s.excludeRecursion || !c.recursive) return undefined;
    const hit = matchKeys(c.s, step === 0 ? windowFor(c, run) : stepSetFor(c, run, buffer), run.keys);
    if (hit === 'excluded') return { reject: 'exclude_keys' };
    if (!hit) return undefined;
    const { src } = hit;
    reason = { type: 'key', key: hit.key, secondaryKey: hit.secondaryKey, source: src.source, messageIndex: src.messageIndex, fromEntry: src.fromEntry };
  }
  const timed = timedRejection(c.s, st, run.turn);
  if (timed) return { reject: timed };
  if (c.s.probability < 100 && run.random() * 100 >= c.s.probability) return { reject: 'probability' };
  return { reason };
}

function scan(cands: Candidate[], run: Run, maxSteps: number): Map<Candidate, ActivationReason> {
  const active = new Map<Candidate, ActivationReason>();
  const decided = new Set<Candidate>();
  const buffer: Source[] = [];
  let fresh: Candidate[] = [];
  for (let step = 0; step <= maxSteps; step++) {
    const added: Source[] = fresh
      .filter((c) => c.recursive && !c.s.preventRecursion)
      .map((c) => ({ t: scanText(c.s.body), source: 'recursion', fromEntry: c.uid }));
    if (step > 0 && added.length === 0) break;
    buffer.push(...added);
    run.stepSets.clear();
    const addedSet = textSet(added);
    fresh = [];
    for (const c of cands) {
      if (decided.has(c)) continue;
      // Entries already scanned against older text only need another look when the new text mentions a key.
      const firstLook = step === 0 || (step === 1 && c.s.delayUntilRecursion);
      if (!firstLook && !mentions(c, addedSet, run.keys)) continue;
      const out = trigger(c, run, step, buffer);
      if (!out) continue;
      decided.add(c);
      if ('reject' in out) run.rejected.push({ uid: c.uid, bookId: c.bookId, entryIndex: c.entryIndex, reason: out.reject });
      else {
        active.set(c, out.reason);
        fresh.push(c);
        c.sticky = out.reason.type === 'sticky';
      }
    }
  }
  return active;
}

function toActivation(c: Candidate, reason: ActivationReason): LoreActivation {
  const e = { uid: c.uid, bookId: c.bookId, entryIndex: c.entryIndex, content: c.s.body, position: c.s.position, depth: c.s.depth, role: c.s.role };
  return { ...e, entry: c.entry, outlet: c.s.outlet, order: c.s.order, priority: c.s.priority, tokens: c.tokens, reason };
}

function plainKeys(cands: Candidate[]): { key: string; caseSensitive: boolean }[] {
  return cands.flatMap(({ s }) =>
    [...s.keys, ...s.secondaryKeys, ...s.additionalKeys, ...s.excludeKeys]
      .filter((key) => !isRegexKey(key, s.useRegex))
      .map((key) => ({ key, caseSensitive: s.caseSensitive })),
  );
}

export function activateLore(input: LoreScanInput): LoreResult {
  const tokenizer = input.tokenizer ?? approxTokenizer;
  const turn = input.turn ?? input.messages.length;
  const cands = collect(input);
  const run: Run = {
    turn,
    random: input.random ?? seededRandom(turn),
    tokenizer,
    keys: new KeyCache({ ...DEFAULT_REGEX_LIMITS, ...input.regexLimits }, new PlainIndex(plainKeys(cands))),
    states: rewind(input.state, turn),
    messages: input.messages.map((m, i) => ({ t: scanText(m.content), source: 'message', messageIndex: i })),
    extras: (input.extraScanText ?? []).map((t) => ({ t: scanText(t), source: 'extra' })),
    windows: new Map(),
    stepSets: new Map(),
    rejected: [],
  };
  const active = scan(cands, run, input.maxRecursionSteps ?? DEFAULT_MAX_RECURSION);
  // Only what fired is counted: tokenizing every entry of a large book would cost more than the scan.
  for (const c of active.keys()) c.tokens = tokenizer.count(c.s.body);
  let kept = applyGroups([...active.keys()], run.random, run.rejected);
  input.books.forEach((b) => {
    const own = kept.filter((c) => c.bookId === b.id);
    const survivors = new Set(applyBudget(own, b.book.token_budget, run.rejected, `book ${b.book.name ?? b.id}`));
    kept = kept.filter((c) => c.bookId !== b.id || survivors.has(c));
  });
  kept = applyBudget(kept, input.tokenBudget, run.rejected, 'lore').sort(insertOrder);
  const keepFired = new Set(cands.filter((c) => c.s.keepAfterMatch || c.s.dontActivateAfterMatch).map((c) => c.uid));
  for (const c of kept) if (!c.sticky && active.get(c)?.type !== 'decorator') recordFired(run.states, c.uid, c.s, turn);
  const activated = kept.map((c) => toActivation(c, active.get(c)!));
  return {
    activated,
    rejected: run.rejected,
    state: toState(run.states, turn, keepFired),
    tokens: activated.reduce((n, a) => n + a.tokens, 0),
    warnings: run.keys.warnings,
  };
}
