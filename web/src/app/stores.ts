// The page's repositories, made once on first use (tests build their own over a throwaway database).
import { createCharacterStore } from '../db/characters';
import { createChatStore } from '../db/chats';
import { createLorebookStore } from '../db/lorebooks';
import { createMessageStore } from '../db/messages';
import { createPersonaStore } from '../db/personas';
import { createSettingsStore } from '../db/settings';

function once<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}

export const characters = once(() => createCharacterStore());
export const chats = once(() => createChatStore());
export const messages = once(() => createMessageStore());
export const personas = once(() => createPersonaStore());
export const settingsStore = once(() => createSettingsStore());
export const lorebooks = once(() => createLorebookStore());
