// Greetings: first_mes with alternate_greetings as its swipes, plus group_only_greetings in group chats.
import type { CardData } from '../cards/types';
import { expandMacros, type MacroContext } from '../macros/engine';

export interface Greetings {
  /** Index 0 is first_mes; the rest are swipes. Empty greetings are left out. */
  swipes: string[];
}

export function greetingTexts(card: CardData, opts: { isGroup?: boolean } = {}): string[] {
  const all = [card.first_mes, ...card.alternate_greetings, ...(opts.isGroup ? card.group_only_greetings : [])];
  return all.filter((g) => g.trim() !== '');
}

/** The greetings with macros expanded ({{char}}, {{user}}, {{pick}} stable for the chat...). */
export function greetings(card: CardData, ctx: MacroContext, opts: { isGroup?: boolean } = {}): Greetings {
  return { swipes: greetingTexts(card, opts).map((g, i) => expandMacros(g, { ...ctx, field: `greeting:${i}` }).text) };
}
