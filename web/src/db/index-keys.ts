// The library's index keys of a card: its name and tags lowercased (kept light: the app shell loads it).
import type { CardData } from '@companion/core/cards';
import type { CharacterRecord } from './records';

export function indexKeys(card: CardData): Pick<CharacterRecord, 'nameKey' | 'tagKeys'> {
  const tags = card.tags.map((t) => t.trim().toLowerCase()).filter((t) => t !== '');
  return { nameKey: card.name.trim().toLowerCase(), tagKeys: [...new Set(tags)] };
}
