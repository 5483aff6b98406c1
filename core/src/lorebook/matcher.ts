// Key matching with bounded cost: plain and whole-word keys by string search, regex keys by RE2 (linear time).
import { RE2JS } from 're2js';
import { AhoCorasick } from './aho-corasick';
import type { RegexLimits } from './types';

/**
 * Bounded regex cost. A JavaScript RegExp backtracks, and even shapes that look harmless (`a{0,16}a{0,16}…b`)
 * take seconds, while synchronous code has no timeout. So every regex from a card or user runs on RE2 (re2js, a
 * pure-JS port), whose time is linear in the input: no classifier decides which patterns are "safe". Patterns
 * are capped in length, each scanned text is cut to its last maxInputLength characters, and one activation's
 * regex work is capped by maxRegexWork. Backreferences and lookarounds make linear time impossible: RE2 refuses
 * them, so such a key is invalid and matches nothing.
 */
export const DEFAULT_REGEX_LIMITS: RegexLimits = { maxPatternLength: 300, maxInputLength: 10_000, maxRegexWork: 12_000_000 };

/**
 * What compiling a pattern costs in test units (one unit ≈ one pattern-weight × character of scanning). Measured
 * with re2js warm: ~0.08 ms for `drag(on|oon)s?`, ~0.2 ms for `a{0,16}` five times; about 2.5 ns per unit.
 */
export const compileCost = (weight: number): number => 20_000 + 500 * weight;

const NEVER: Omit<KeyMatcher, 'key'> = { test: () => false, testAny: () => false };

/** What one activation may still spend on regex tests, shared by every key of the scan. */
export interface RegexBudget {
  remaining: number;
  /** Set once the budget ran out, so the warning is given once. */
  exhausted: boolean;
}

/**
 * Cost per scanned character of a pattern on RE2: about its compiled size. Counted repetition (`a{0,1000}`)
 * compiles to that many states, so its bound is added; the constant covers the per-character overhead.
 */
export function regexWeight(source: string): number {
  let weight = source.length + 8;
  for (const m of source.matchAll(/\{(\d+)(?:,(\d*))?\}/g)) weight += Math.min(1000, Number(m[2] || m[1]));
  return weight;
}

export interface ScanText {
  text: string;
  lower: string;
}

export interface KeyMatcher {
  key: string;
  test(t: ScanText): boolean;
  /** Whether any of the texts matches; `texts` should be reused across calls (plain keys cache by its identity). */
  testAny(texts: readonly ScanText[]): boolean;
}

function some(test: (t: ScanText) => boolean): KeyMatcher['testAny'] {
  return (texts) => texts.some(test);
}

export interface KeyOptions {
  caseSensitive: boolean;
  wholeWords: boolean;
  useRegex: boolean;
}

const WORD = /[\p{L}\p{N}_]/u;

function isWordAt(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  const cp = text.codePointAt(i) ?? 0;
  // Look at the whole code point when i lands on the low half of a surrogate pair.
  const ch = cp >= 0xdc00 && cp <= 0xdfff && i > 0 ? String.fromCodePoint(text.codePointAt(i - 1) ?? 0) : String.fromCodePoint(cp);
  return WORD.test(ch);
}

function findWhole(hay: string, needle: string): boolean {
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) {
    const beforeOk = !isWordAt(hay, at - 1) || !isWordAt(needle, 0);
    const afterOk = !isWordAt(hay, at + needle.length) || !isWordAt(needle, needle.length - 1);
    if (beforeOk && afterOk) return true;
  }
  return false;
}

function plainMatcher(key: string, o: KeyOptions): KeyMatcher {
  const needle = o.caseSensitive ? key : key.toLowerCase();
  const pick = (t: ScanText): string => (o.caseSensitive ? t.text : t.lower);
  const test = o.wholeWords ? (t: ScanText) => findWhole(pick(t), needle) : (t: ScanText) => pick(t).includes(needle);
  return { key, test, testAny: some(test) };
}

const SLASHED = /^\/([\s\S]+)\/([a-z]*)$/;

export function isRegexKey(key: string, useRegex: boolean): boolean {
  return useRegex || SLASHED.test(key);
}

/** Ids of the keys found in one text: short lists, since a text mentions few of many keys. */
interface Hits {
  sub: number[];
  whole: number[];
}

interface Flags {
  sub: Uint8Array;
  whole: Uint8Array;
}

/** All plain keys of a scan in two automata (case-folded and exact); each text is scanned once for all of them. */
export class PlainIndex {
  private readonly ac: [AhoCorasick, AhoCorasick];
  private readonly ids: [Map<string, number>, Map<string, number>];
  private readonly hits = new WeakMap<ScanText, [Hits, Hits]>();
  private readonly unions = new WeakMap<readonly ScanText[], [Flags, Flags]>();
  /** Per-key stamps that dedupe hits within one text without allocating per text. */
  private readonly seen: [Int32Array, Int32Array][];
  private stamp = 0;

  constructor(keys: Iterable<{ key: string; caseSensitive: boolean }>) {
    const sets: [Set<string>, Set<string>] = [new Set(), new Set()];
    for (const k of keys) sets[k.caseSensitive ? 1 : 0].add(k.caseSensitive ? k.key : k.key.toLowerCase());
    const lists = sets.map((set) => [...set]);
    this.ids = [new Map(lists[0]!.map((k, i) => [k, i])), new Map(lists[1]!.map((k, i) => [k, i]))];
    this.ac = [new AhoCorasick(lists[0]!), new AhoCorasick(lists[1]!)];
    this.seen = lists.map((l) => [new Int32Array(l.length), new Int32Array(l.length)]);
  }

  private hitsFor(t: ScanText): [Hits, Hits] {
    let h = this.hits.get(t);
    if (!h) {
      h = [this.run(0, t.lower), this.run(1, t.text)];
      this.hits.set(t, h);
    }
    return h;
  }

  /** Hits of several texts as flags, cached per array. */
  private unionFor(texts: readonly ScanText[]): [Flags, Flags] {
    let u = this.unions.get(texts);
    if (!u) {
      const make = (mode: 0 | 1): Flags => ({ sub: new Uint8Array(this.ac[mode].patterns.length), whole: new Uint8Array(this.ac[mode].patterns.length) });
      u = [make(0), make(1)];
      for (const t of texts) {
        const h = this.hitsFor(t);
        for (const mode of [0, 1] as const) {
          for (const id of h[mode].sub) u[mode].sub[id] = 1;
          for (const id of h[mode].whole) u[mode].whole[id] = 1;
        }
      }
      this.unions.set(texts, u);
    }
    return u;
  }

  private run(mode: 0 | 1, hay: string): Hits {
    const ac = this.ac[mode];
    const [seenSub, seenWhole] = this.seen[mode]!;
    const stamp = ++this.stamp;
    const h: Hits = { sub: [], whole: [] };
    ac.search(hay, (id, at) => {
      if (seenSub[id] !== stamp) {
        seenSub[id] = stamp;
        h.sub.push(id);
      }
      if (seenWhole[id] === stamp) return;
      const needle = ac.patterns[id]!;
      const beforeOk = !isWordAt(hay, at - 1) || !isWordAt(needle, 0);
      const afterOk = !isWordAt(hay, at + needle.length) || !isWordAt(needle, needle.length - 1);
      if (beforeOk && afterOk) {
        seenWhole[id] = stamp;
        h.whole.push(id);
      }
    });
    return h;
  }

  /** Undefined when the key was not indexed. */
  matcher(key: string, o: KeyOptions): KeyMatcher | undefined {
    const mode = o.caseSensitive ? 1 : 0;
    const id = this.ids[mode].get(o.caseSensitive ? key : key.toLowerCase());
    if (id === undefined) return undefined;
    return {
      key,
      test: (t) => (o.wholeWords ? this.hitsFor(t)[mode].whole : this.hitsFor(t)[mode].sub).includes(id),
      testAny: (texts) => (o.wholeWords ? this.unionFor(texts)[mode].whole : this.unionFor(texts)[mode].sub)[id] === 1,
    };
  }
}

function re2Flags(jsFlags: string): number {
  let f = 0;
  if (jsFlags.includes('i')) f |= RE2JS.CASE_INSENSITIVE;
  if (jsFlags.includes('s')) f |= RE2JS.DOTALL;
  if (jsFlags.includes('m')) f |= RE2JS.MULTILINE;
  return f;
}

export type CompiledKey = KeyMatcher | { key: string; error: string };

/** Compiles one key. `/pattern/flags` keys are always regexes; with use_regex (V3) every key is a pattern. */
export function compileKey(
  key: string,
  o: KeyOptions,
  limits: RegexLimits = DEFAULT_REGEX_LIMITS,
  budget: RegexBudget = { remaining: limits.maxRegexWork, exhausted: false },
): CompiledKey {
  const slashed = SLASHED.exec(key);
  if (!slashed && !o.useRegex) return plainMatcher(key, o);
  const source = slashed ? slashed[1]! : key;
  const flags = slashed ? re2Flags(slashed[2]!) : o.caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE;
  if (source.length > limits.maxPatternLength) return { key, error: `regex longer than ${limits.maxPatternLength} characters` };
  const max = limits.maxInputLength;
  const cap = (text: string): string => (text.length > max ? text.slice(text.length - max) : text);
  const weight = regexWeight(source);
  // Compiling is work too (200 distinct keys take longer to compile than to run): charged before it is done.
  if (!spend(budget, compileCost(weight))) return { key, ...NEVER };
  let re: RE2JS;
  try {
    re = RE2JS.compile(source, flags);
  } catch (e) {
    return { key, error: `invalid regex: ${(e as Error).message.slice(0, 100)}` };
  }
  // The engine asks again for the text that matched (which message fired it): answered from here, not re-run.
  const results = new WeakMap<ScanText, boolean>();
  const test = (t: ScanText): boolean => {
    const known = results.get(t);
    if (known !== undefined) return known;
    const input = cap(t.text);
    const hit = spend(budget, weight * Math.max(1, input.length)) && re.test(input);
    results.set(t, hit);
    return hit;
  };
  return { key, test, testAny: some(test) };
}

/** Takes `cost` from the budget, or marks it exhausted (and takes nothing) when it does not cover it. */
function spend(budget: RegexBudget, cost: number): boolean {
  if (cost > budget.remaining) {
    budget.exhausted = true;
    return false;
  }
  budget.remaining -= cost;
  return true;
}

export function isMatcher(k: CompiledKey): k is KeyMatcher {
  return 'test' in k;
}

/** Compiles keys once per scan, shared by all entries with the same key and options. */
export class KeyCache {
  private readonly map = new Map<string, CompiledKey>();
  private readonly keyWarnings: string[] = [];
  private readonly budget: RegexBudget;
  constructor(
    private readonly limits: RegexLimits = DEFAULT_REGEX_LIMITS,
    private readonly index?: PlainIndex,
  ) {
    this.budget = { remaining: limits.maxRegexWork, exhausted: false };
  }

  /** Invalid keys, and whether the regex budget ran out (later regex tests then matched nothing). */
  get warnings(): string[] {
    const out = [...this.keyWarnings];
    if (this.budget.exhausted) out.push(`regex keys did more work than allowed (${this.limits.maxRegexWork} units); the rest matched nothing`);
    return out;
  }

  get(key: string, o: KeyOptions): KeyMatcher | undefined {
    const id = `${o.caseSensitive ? 1 : 0}${o.wholeWords ? 1 : 0}${o.useRegex ? 1 : 0}${key}`;
    let k = this.map.get(id);
    if (!k) {
      k = (!isRegexKey(key, o.useRegex) && this.index?.matcher(key, o)) || compileKey(key, o, this.limits, this.budget);
      if (!isMatcher(k)) this.keyWarnings.push(`key ${JSON.stringify(key.slice(0, 60))}: ${k.error}; it matches nothing`);
      this.map.set(id, k);
    }
    return isMatcher(k) ? k : undefined;
  }
}

export function scanText(text: string): ScanText {
  return { text, lower: text.toLowerCase() };
}
