// Sticky, cooldown, delay and the V3 after-match decorators: per-chat state passed in and returned, never kept here.
import type { EntrySettings } from './settings';
import type { LoreEntryState, LoreState, RejectionReason } from './types';

export function emptyLoreState(): LoreState {
  return { entries: {} };
}

/** The state as of `turn`: records from later turns (the chat was rolled back or a message deleted) are dropped. */
export function rewind(state: LoreState | undefined, turn: number): Map<string, LoreEntryState> {
  const out = new Map<string, LoreEntryState>();
  for (const [uid, s] of Object.entries(state?.entries ?? {})) if (s.start <= turn) out.set(uid, { ...s });
  return out;
}

/** True while a sticky entry stays on after the turn it fired. */
export function isStickyActive(st: LoreEntryState | undefined, turn: number): boolean {
  return st?.stickyUntil !== undefined && turn > st.start && turn <= st.stickyUntil;
}

/** Why a triggered entry may not fire this turn, if it may not. */
export function timedRejection(s: EntrySettings, st: LoreEntryState | undefined, turn: number): RejectionReason | undefined {
  if (s.dontActivateAfterMatch && st?.fired) return 'dont_activate_after_match';
  if (s.activateOnlyAfter !== undefined && turn < s.activateOnlyAfter) return 'activate_only_after';
  if (s.activateOnlyEvery !== undefined && turn % s.activateOnlyEvery !== 0) return 'activate_only_every';
  if (st?.cooldownUntil !== undefined && turn > (st.stickyUntil ?? st.start) && turn <= st.cooldownUntil) return 'cooldown';
  if (turn < s.delay) return 'delay';
  return undefined;
}

/** Records an entry that fired at `turn` (not one carried by stickiness). */
export function recordFired(states: Map<string, LoreEntryState>, uid: string, s: EntrySettings, turn: number): void {
  if (!s.sticky && !s.cooldown && !s.keepAfterMatch && !s.dontActivateAfterMatch) return;
  const stickyUntil = s.sticky > 0 ? turn + s.sticky : undefined;
  const cooldownUntil = s.cooldown > 0 ? (stickyUntil ?? turn) + s.cooldown : undefined;
  const st: LoreEntryState = { start: turn, fired: true };
  if (stickyUntil !== undefined) st.stickyUntil = stickyUntil;
  if (cooldownUntil !== undefined) st.cooldownUntil = cooldownUntil;
  states.set(uid, st);
}

/** Drops records that can no longer matter, so the state stays small over a long chat. */
export function toState(states: Map<string, LoreEntryState>, turn: number, keepFired: ReadonlySet<string>): LoreState {
  const entries: Record<string, LoreEntryState> = {};
  for (const [uid, st] of states) {
    const live = Math.max(st.stickyUntil ?? -1, st.cooldownUntil ?? -1) >= turn;
    if (live || (st.fired && keepFired.has(uid))) Object.defineProperty(entries, uid, { value: st, enumerable: true, writable: true, configurable: true });
  }
  return { entries };
}
