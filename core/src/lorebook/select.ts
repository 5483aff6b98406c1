// After activation: one winner per inclusion group, then the token budgets (per book, then overall).
import { pickIndex, type Random } from '../macros/rng';
import type { EntrySettings } from './settings';
import type { LoreRejection } from './types';

export interface Selected {
  uid: string;
  bookId: string;
  entryIndex: number;
  seq: number;
  isCharacter: boolean;
  s: EntrySettings;
  sticky: boolean;
  tokens: number;
}

function weightedPick<T extends Selected>(items: T[], random: Random): T {
  const total = items.reduce((n, i) => n + i.s.groupWeight, 0);
  if (total <= 0) return items[pickIndex(random, items.length)]!;
  let r = random() * total;
  for (const i of items) {
    r -= i.s.groupWeight;
    if (r < 0) return i;
  }
  return items[items.length - 1]!;
}

function groupWinner<T extends Selected>(members: T[], random: Random): T {
  const sticky = members.find((m) => m.sticky);
  if (sticky) return sticky;
  const overrides = members.filter((m) => m.s.groupOverride);
  if (overrides.length > 0) return overrides.reduce((best, m) => (m.s.order > best.s.order ? m : best));
  return weightedPick(members, random);
}

/** Inclusion groups: of the activated entries sharing a group, one stays (sticky, else override, else weighted random). */
export function applyGroups<T extends Selected>(items: T[], random: Random, rejected: LoreRejection[]): T[] {
  const out = new Set(items);
  const names = [...new Set(items.flatMap((i) => i.s.groups))];
  for (const g of names) {
    const members = items.filter((i) => out.has(i) && i.s.groups.includes(g));
    if (members.length < 2) continue;
    const winner = groupWinner(members, random);
    for (const m of members) {
      if (m === winner) continue;
      out.delete(m);
      rejected.push({ uid: m.uid, bookId: m.bookId, entryIndex: m.entryIndex, reason: 'group', detail: `group ${g} went to ${winner.uid}` });
    }
  }
  return items.filter((i) => out.has(i));
}

/** Which entries are kept first: constants, then higher priority, then higher insertion_order, then the character's book. */
export function keepOrder(a: Selected, b: Selected): number {
  return (
    Number(a.s.ignoreOnMaxContext) - Number(b.s.ignoreOnMaxContext) ||
    Number(b.s.constant) - Number(a.s.constant) ||
    b.s.priority - a.s.priority ||
    b.s.order - a.s.order ||
    Number(b.isCharacter) - Number(a.isCharacter) ||
    a.seq - b.seq
  );
}

/** Keeps entries in keepOrder until the budget is spent; the first that does not fit and all after it are dropped. */
export function applyBudget<T extends Selected>(items: T[], budget: number | undefined, rejected: LoreRejection[], label: string): T[] {
  if (budget === undefined || budget <= 0 || !Number.isFinite(budget)) return items;
  const sorted = [...items].sort(keepOrder);
  const kept = new Set<T>();
  let used = 0;
  let full = false;
  for (const i of sorted) {
    if (!full && used + i.tokens <= budget) {
      used += i.tokens;
      kept.add(i);
      continue;
    }
    full = true;
    rejected.push({ uid: i.uid, bookId: i.bookId, entryIndex: i.entryIndex, reason: 'budget', detail: `${label} budget of ${budget} tokens` });
  }
  return items.filter((i) => kept.has(i));
}

/** Insertion order: lower insertion_order first; on ties the character's book, then file order. */
export function insertOrder(a: Selected, b: Selected): number {
  return a.s.order - b.s.order || Number(b.isCharacter) - Number(a.isCharacter) || a.seq - b.seq;
}
