// The card's fields with macros expanded, {{original}} only in the system prompt and post-history instructions.
import type { CardData } from '../cards/types';
import { expandMacros, type MacroContext } from '../macros/engine';
import type { MacroBudget } from '../macros/scan';
import { splitExamples } from './examples';
import type { PromptSettings } from './types';

export interface CardText {
  systemPrompt: string;
  description: string;
  personality: string;
  scenario: string;
  persona: string;
  postHistory: string;
  exampleBlocks: string[];
  hiddenKeys: string[];
  comments: string[];
}

export function expandCardText(card: CardData, settings: PromptSettings, personaText: string, ctx: MacroContext, budget?: MacroBudget): CardText {
  const hiddenKeys: string[] = [];
  const comments: string[] = [];
  const x = (text: string, field: string, original?: string): string => {
    const r = expandMacros(text, { ...ctx, field, original }, budget);
    hiddenKeys.push(...r.hiddenKeys);
    comments.push(...r.comments);
    return r.text.trim();
  };
  const useCard = settings.preferCardPrompts ?? true;
  const globalSystem = x(settings.systemPrompt, 'global_system');
  const globalPost = x(settings.postHistoryInstructions ?? '', 'global_post');
  const cardSystem = useCard ? card.system_prompt.trim() : '';
  const cardPost = useCard ? card.post_history_instructions.trim() : '';
  return {
    systemPrompt: cardSystem ? x(cardSystem, 'system_prompt', globalSystem) : globalSystem,
    description: x(card.description, 'description'),
    personality: x(card.personality, 'personality'),
    scenario: x(card.scenario, 'scenario'),
    persona: x(personaText, 'persona'),
    postHistory: cardPost ? x(cardPost, 'post_history_instructions', globalPost) : globalPost,
    exampleBlocks: splitExamples(card.mes_example).map((b, i) => x(b, `example:${i}`)),
    hiddenKeys,
    comments,
  };
}
