// A new, empty card in core's model, for "Create character".
import type { CardData, LoreEntry, Lorebook } from '@companion/core/cards';

export function blankCard(name = ''): CardData {
  return {
    name,
    description: '',
    personality: '',
    scenario: '',
    first_mes: '',
    mes_example: '',
    creator_notes: '',
    system_prompt: '',
    post_history_instructions: '',
    alternate_greetings: [],
    tags: [],
    creator: '',
    character_version: '',
    extensions: {},
    group_only_greetings: [],
    extra: {},
  };
}

export function blankBook(): Lorebook {
  return { extensions: {}, entries: [], extra: {} };
}

export function blankEntry(order: number): LoreEntry {
  return {
    keys: [],
    content: '',
    extensions: {},
    enabled: true,
    insertion_order: order,
    extra: {},
    position: 'before_char',
    secondary_keys: [],
  };
}
