// Key matching with bounded cost: plain and whole-word keys by string search, regex keys by RE2 (linear time).
import { RE2JS } from 're2js';
import type { RegexLimits } from './types';

/**
 * Why RE2 and not RegExp: a JavaScript RegExp backtracks, so one key like `(a+)+$` can hang the tab on a long
 * message, and there is no timeout for synchronous code. RE2 (re2js, a pure-JS port) runs in time linear in the
 * input, and refuses backreferences and lookarounds, which are what make linear time impossible; such a key
 * counts as invalid and matches nothing. Pattern length and the scanned input length are capped as well, so the
 * cost of one key is at most about maxPatternLength x maxInputLength steps.
 */
export const DEFAULT_REGEX_LIMITS: RegexLimits = { maxPatternLength: 300, maxInputLength: 10_000 };

export interface ScanText {
  text: string;
  lower: string;
}

export interface KeyMatcher {
  key: string;
  test(t: ScanText): boolean;
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
  if (o.wholeWords) return { key, test: (t) => findWhole(pick(t), needle) };
  return { key, test: (t) => pick(t).includes(needle) };
}

const SLASHED = /^\/([\s\S]+)\/([a-z]*)$/;

function re2Flags(jsFlags: string): number {
  let f = 0;
  if (jsFlags.includes('i')) f |= RE2JS.CASE_INSENSITIVE;
  if (jsFlags.includes('s')) f |= RE2JS.DOTALL;
  if (jsFlags.includes('m')) f |= RE2JS.MULTILINE;
  return f;
}

export type CompiledKey = KeyMatcher | { key: string; error: string };

/** Compiles one key. `/pattern/flags` keys are always regexes; with use_regex (V3) every key is a pattern. */
export function compileKey(key: string, o: KeyOptions, limits: RegexLimits = DEFAULT_REGEX_LIMITS): CompiledKey {
  const slashed = SLASHED.exec(key);
  if (!slashed && !o.useRegex) return plainMatcher(key, o);
  const source = slashed ? slashed[1]! : key;
  const flags = slashed ? re2Flags(slashed[2]!) : o.caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE;
  if (source.length > limits.maxPatternLength) return { key, error: `regex longer than ${limits.maxPatternLength} characters` };
  let re: RE2JS;
  try {
    re = RE2JS.compile(source, flags);
  } catch (e) {
    return { key, error: `invalid regex: ${(e as Error).message.slice(0, 100)}` };
  }
  const max = limits.maxInputLength;
  return {
    key,
    test: (t) => re.test(t.text.length > max ? t.text.slice(t.text.length - max) : t.text),
  };
}

export function isMatcher(k: CompiledKey): k is KeyMatcher {
  return 'test' in k;
}

/** Compiles keys once per scan, shared by all entries with the same key and options. */
export class KeyCache {
  private readonly map = new Map<string, CompiledKey>();
  readonly warnings: string[] = [];
  constructor(private readonly limits: RegexLimits = DEFAULT_REGEX_LIMITS) {}
  get(key: string, o: KeyOptions): KeyMatcher | undefined {
    const id = `${o.caseSensitive ? 1 : 0}${o.wholeWords ? 1 : 0}${o.useRegex ? 1 : 0}${key}`;
    let k = this.map.get(id);
    if (!k) {
      k = compileKey(key, o, this.limits);
      if (!isMatcher(k)) this.warnings.push(`key ${JSON.stringify(key.slice(0, 60))}: ${k.error}; it matches nothing`);
      this.map.set(id, k);
    }
    return isMatcher(k) ? k : undefined;
  }
}

export function scanText(text: string): ScanText {
  return { text, lower: text.toLowerCase() };
}
