// Decides when a regex key may run on the fast native engine: only shapes whose backtracking is bounded.

/**
 * A pattern may use RegExp when it has at most one unbounded quantifier (`*`, `+`, `{n,}`, or `{n,m}` with a
 * large m), no quantified group, and no backreference or lookaround. Such a pattern backtracks at most
 * O(n^2) steps over n input characters (one quantifier, retried from each start), and the input is capped.
 * Everything else (nested or repeated quantifiers: `(a+)+`, `a*a*b`, `(x|y)*`) goes to RE2, which is linear
 * but about a hundred times slower on short texts.
 */
export function isNativeSafe(source: string): boolean {
  if (/\\[1-9]|\\k<|\(\?<?[=!]/.test(source)) return false;
  let unbounded = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      i = skipClass(source, i);
      continue;
    }
    const q = quantifierAt(source, i);
    if (q === undefined) continue;
    if (source[i - 1] === ')') return false;
    if (q.unbounded) unbounded++;
    if (unbounded > 1) return false;
    i += q.length - 1;
  }
  return true;
}

function skipClass(s: string, start: number): number {
  for (let i = start + 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === ']' && i > start + 1) return i;
  }
  return s.length;
}

const BIG_REPEAT = 16;

function quantifierAt(s: string, i: number): { unbounded: boolean; length: number } | undefined {
  const c = s[i];
  if (c === '*' || c === '+') return { unbounded: true, length: s[i + 1] === '?' ? 2 : 1 };
  if (c === '?' && s[i - 1] !== '(') return { unbounded: false, length: 1 };
  if (c !== '{') return undefined;
  const m = /^\{(\d+)(,(\d*))?\}\??/.exec(s.slice(i, i + 24));
  if (!m) return undefined;
  const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
  return { unbounded: max > BIG_REPEAT, length: m[0].length };
}
