// Fitting into the context: fixed parts first, then history newest first, example blocks only with room to spare.
import { EXAMPLE_HEADER } from './examples';
import type { LoreActivation } from '../lorebook/types';
import type { Tokenizer } from '../tokenizer';
import type { ChatMessage, PromptMessage, Role } from './types';

export interface Block {
  role: Role;
  content: string;
}

export interface FitInput {
  fixed: Block[];
  exampleBlocks: string[];
  history: readonly ChatMessage[];
  budget: number;
  overhead: number;
  tokenizer: Tokenizer;
}

export interface FitResult {
  exampleBlocks: string[];
  history: ChatMessage[];
  overBudget: boolean;
}

/**
 * History beats examples: the newest messages are kept while they fit; example blocks then fill what is left,
 * in order, and are the first thing to go when the history grows. Oldest history goes after all examples are gone.
 */
export function fitToBudget(f: FitInput): FitResult {
  const cost = (s: string): number => (s.trim() === '' ? 0 : f.tokenizer.count(s) + f.overhead);
  let left = f.budget - f.fixed.reduce((n, b) => n + cost(b.content), 0);
  const history: ChatMessage[] = [];
  for (let i = f.history.length - 1; i >= 0; i--) {
    const m = f.history[i]!;
    const c = f.tokenizer.count(m.content) + f.overhead;
    if (c > left) break;
    left -= c;
    history.unshift(m);
  }
  const exampleBlocks: string[] = [];
  let exampleOverhead = f.overhead;
  for (const b of f.exampleBlocks) {
    const c = f.tokenizer.count(`${EXAMPLE_HEADER}\n${b}`) + 2 + exampleOverhead;
    if (c > left) break;
    left -= c;
    exampleOverhead = 0;
    exampleBlocks.push(b);
  }
  return { exampleBlocks, history, overBudget: left < 0 || (history.length === 0 && f.history.length > 0) };
}

/** Inserts at-depth lore (grouped by depth and role) and the author's note; depth 0 means after the last message. */
export function insertAtDepth(messages: PromptMessage[], lore: readonly LoreActivation[], authorsNote: string, noteDepth: number): PromptMessage[] {
  const groups = new Map<string, LoreActivation[]>();
  for (const a of lore) groups.set(`${a.depth}:${a.role}`, [...(groups.get(`${a.depth}:${a.role}`) ?? []), a]);
  const inserts = [...groups.values()].map((list) => ({ depth: list[0]!.depth, role: list[0]!.role, content: list.map((a) => a.content).join('\n') }));
  if (authorsNote.trim() !== '') inserts.push({ depth: noteDepth, role: 'system', content: authorsNote });
  const n = messages.length;
  const byPos = new Map<number, PromptMessage[]>();
  for (const ins of inserts) {
    const p = Math.max(0, n - ins.depth);
    byPos.set(p, [...(byPos.get(p) ?? []), { role: ins.role, content: ins.content }]);
  }
  const out: PromptMessage[] = [];
  for (let i = 0; i <= n; i++) {
    out.push(...(byPos.get(i) ?? []));
    if (i < n) out.push(messages[i]!);
  }
  return out;
}
