// Small builders for lorebook tests: entries with defaults, books, chats and a run helper.
import type { LoreEntry, Lorebook } from '../cards/types';
import { seededRandom } from '../macros/rng';
import { activateLore } from './engine';
import type { LoreBookInput, LoreScanInput, LoreResult, ScanMessage } from './types';

export function entry(id: number | string, keys: string[], content: string, more: Partial<LoreEntry> = {}): LoreEntry {
  return { id, keys, content, extensions: {}, enabled: true, insertion_order: 100, extra: {}, ...more };
}

export function book(entries: LoreEntry[], more: Partial<Lorebook> = {}): Lorebook {
  return { extensions: {}, entries, extra: {}, scan_depth: 10, ...more };
}

export const chat = (...texts: string[]): ScanMessage[] => texts.map((content, i) => ({ role: i % 2 ? 'assistant' : 'user', content }));

export function run(books: Lorebook | LoreBookInput[], messages: ScanMessage[], more: Partial<LoreScanInput> = {}): LoreResult {
  const list = Array.isArray(books) ? books : [{ id: 'char', book: books, isCharacter: true }];
  return activateLore({ books: list, messages, random: seededRandom(1), ...more });
}

export const fired = (r: LoreResult): (string | number | undefined)[] => r.activated.map((a) => a.entry.id);
