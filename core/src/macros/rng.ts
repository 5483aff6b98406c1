// Seedable randomness: every random choice in macros and the lorebook goes through one of these, so tests can fix it.

export type Random = () => number;

/** 32-bit FNV-1a of a string, for turning ids into seeds. */
export function hashString(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** mulberry32: small, fast, and good enough for picks and dice (not for secrets). */
export function seededRandom(seed: number | string): Random {
  let a = (typeof seed === 'string' ? hashString(seed) : seed) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pickIndex(random: Random, length: number): number {
  return Math.min(length - 1, Math.floor(random() * length));
}
