// Chats: per character newest first, create with the card's greetings as swipes, rename, settings, delete, branch.
import Dexie from 'dexie';
import { greetingTexts } from '@companion/core/prompt';
import { CodedError } from '@companion/core/errors';
import { appDb, type AppDatabase } from './app-db';
import { characterNotFound } from './characters';
import { chatMessages, chatNotFound, messageNotFound, newMessage, refreshChat } from './chat-summary';
import { mutate } from './outbox';
import type { ChatRecord, MessageRecord } from './records';

export type ChatPatch = Partial<Pick<ChatRecord, 'title' | 'sampling' | 'lorebookIds' | 'personaId' | 'loreState' | 'vars'>>;

export interface NewChatOptions {
  /** Which greeting is shown first: 0 is first_mes, 1.. the alternate greetings (the others stay as swipes). */
  greetingIndex?: number;
  title?: string;
  personaId?: string | null;
}

export interface ChatSnapshot {
  chat: ChatRecord;
  messages: MessageRecord[];
}

export interface ChatStore {
  /** One character's chats, newest activity first. */
  listForCharacter(characterId: string): Promise<ChatRecord[]>;
  /** The newest chats of any character. */
  recent(limit: number): Promise<ChatRecord[]>;
  get(id: string): Promise<ChatRecord | undefined>;
  /**
   * A chat opening with the card's greetings as swipes of one assistant message (raw text: macros such as {{user}}
   * are expanded when shown and when the prompt is built, so a later persona change applies). No message when the
   * card has no greeting.
   */
  create(characterId: string, options?: NewChatOptions): Promise<ChatRecord>;
  rename(id: string, title: string): Promise<ChatRecord>;
  update(id: string, patch: ChatPatch): Promise<ChatRecord>;
  /** Removes the chat and its messages; the snapshot brings them back with `restore`. */
  remove(id: string): Promise<ChatSnapshot>;
  restore(snapshot: ChatSnapshot): Promise<void>;
  /** A new chat holding copies of the messages up to and including `messageId`. */
  branch(chatId: string, messageId: string): Promise<ChatRecord>;
}

export const CHAT_TITLE_MAX = 120;

function cleanTitle(title: string): string {
  const t = title.replace(/\s+/g, ' ').trim();
  if (t === '') throw new CodedError('CHAT_BAD_TITLE', 'Give the chat a title.', { recoverable: true });
  return t.slice(0, CHAT_TITLE_MAX);
}

/** `Name, 2026-12-08 14:05` in local time: distinct enough to tell a character's chats apart in a list. */
function defaultTitle(name: string, at: number): string {
  const d = new Date(at);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${name}, ${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function createChatStore(db: AppDatabase = appDb(), now: () => number = Date.now): ChatStore {
  const tables = [db.chats, db.messages, db.characters];
  const opts = { now };

  const update = (id: string, patch: ChatPatch): Promise<ChatRecord> =>
    mutate(
      db,
      [db.chats],
      async (w) => {
        const current = await db.chats.get(id);
        if (!current) throw chatNotFound(id);
        const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as ChatPatch;
        const next: ChatRecord = { ...current, ...defined, ...(patch.title !== undefined && { title: cleanTitle(patch.title) }), updatedAt: w.at };
        await w.put(db.chats, next);
        return next;
      },
      opts,
    );

  return {
    listForCharacter: (characterId) =>
      db.chats
        .where('[characterId+updatedAt]')
        .between([characterId, Dexie.minKey], [characterId, Dexie.maxKey])
        .reverse()
        .toArray(),
    recent: (limit) => db.chats.orderBy('updatedAt').reverse().limit(Math.max(0, limit)).toArray(),
    get: (id) => db.chats.get(id),

    create: (characterId, o = {}) =>
      mutate(
        db,
        tables,
        async (w) => {
          const character = await db.characters.get(characterId);
          if (!character) throw characterNotFound(characterId);
          const chat: ChatRecord = {
            id: crypto.randomUUID(),
            characterId,
            title: o.title === undefined ? defaultTitle(character.card.name, w.at) : cleanTitle(o.title),
            createdAt: w.at,
            updatedAt: w.at,
            lorebookIds: [],
            sampling: {},
            personaId: o.personaId ?? null,
            preview: '',
            messageCount: 0,
          };
          await w.put(db.chats, chat);
          const texts = greetingTexts(character.card);
          if (texts.length === 0) return chat;
          const index = Math.min(Math.max(0, Math.floor(o.greetingIndex ?? 0)), texts.length - 1);
          const swipes = texts.map((text) => ({ text, createdAt: w.at }));
          await w.put(db.messages, newMessage(chat.id, 1, 'assistant', swipes, index, w.at));
          return refreshChat(db, w, chat.id, true);
        },
        opts,
      ),

    rename: (id, title) => update(id, { title }),
    update,

    remove: (id) =>
      mutate(
        db,
        tables,
        async (w) => {
          const chat = await db.chats.get(id);
          if (!chat) throw chatNotFound(id);
          const messages = await chatMessages(db, id).toArray();
          await w.bulkDelete(db.messages, messages.map((m) => m.id));
          await w.delete(db.chats, id);
          return { chat, messages };
        },
        opts,
      ),

    restore: (s) =>
      mutate(
        db,
        tables,
        async (w) => {
          await w.put(db.chats, s.chat);
          await w.bulkPut(db.messages, s.messages);
        },
        opts,
      ),

    branch: (chatId, messageId) =>
      mutate(
        db,
        tables,
        async (w) => {
          const source = await db.chats.get(chatId);
          if (!source) throw chatNotFound(chatId);
          const at = await db.messages.get(messageId);
          if (!at || at.chatId !== chatId) throw messageNotFound(messageId);
          const kept = await db.messages.where('[chatId+seq]').between([chatId, Dexie.minKey], [chatId, at.seq], true, true).toArray();
          const { branchedFrom: _previous, ...rest } = source;
          const chat: ChatRecord = {
            ...rest,
            id: crypto.randomUUID(),
            title: cleanTitle(`${source.title} (branch)`),
            createdAt: w.at,
            updatedAt: w.at,
            branchedFrom: { chatId, messageId },
          };
          await w.put(db.chats, chat);
          await w.bulkPut(db.messages, kept.map((m) => ({ ...m, id: crypto.randomUUID(), chatId: chat.id })));
          return refreshChat(db, w, chat.id, false);
        },
        opts,
      ),
  };
}
