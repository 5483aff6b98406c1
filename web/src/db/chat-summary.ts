// What chats and messages share: a chat's messages in order, the shown text, and the chat's summary fields.
import Dexie from 'dexie';
import { CodedError } from '@companion/core/errors';
import type { AppDatabase } from './app-db';
import type { Writer } from './outbox';
import type { ChatRecord, MessageRecord, MessageRole, Swipe } from './records';

export const PREVIEW_MAX = 140;

/** One chat's messages in seq order, straight from the [chatId+seq] index. */
export function chatMessages(db: AppDatabase, chatId: string) {
  return db.messages.where('[chatId+seq]').between([chatId, Dexie.minKey], [chatId, Dexie.maxKey]);
}

export function shownText(m: Pick<MessageRecord, 'swipes' | 'swipeIndex'>): string {
  return m.swipes[m.swipeIndex]?.text ?? m.swipes[0]?.text ?? '';
}

export function previewOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= PREVIEW_MAX ? flat : `${flat.slice(0, PREVIEW_MAX - 1).trimEnd()}…`;
}

export function chatNotFound(id: string): CodedError {
  return new CodedError('CHAT_NOT_FOUND', 'That chat is no longer on this device.', { details: { id } });
}

export function messageNotFound(id: string): CodedError {
  return new CodedError('MESSAGE_NOT_FOUND', 'That message is no longer in the chat.', { details: { id } });
}

export function newMessage(chatId: string, seq: number, role: MessageRole, swipes: Swipe[], swipeIndex: number, at: number): MessageRecord {
  return { id: crypto.randomUUID(), chatId, seq, role, swipes, swipeIndex, edits: [], createdAt: at, updatedAt: at };
}

/**
 * Recomputes the chat's preview and message count from the index (cheap: the last message and a key count) and
 * stamps updatedAt; with `activity`, the character's lastChatAt too. Call inside `mutate` over chats, messages and
 * characters.
 */
export async function refreshChat(db: AppDatabase, w: Writer, chatId: string, activity: boolean): Promise<ChatRecord> {
  const chat = await db.chats.get(chatId);
  if (!chat) throw chatNotFound(chatId);
  const last = await chatMessages(db, chatId).last();
  const next: ChatRecord = {
    ...chat,
    preview: last ? previewOf(shownText(last)) : '',
    messageCount: await chatMessages(db, chatId).count(),
    updatedAt: w.at,
  };
  await w.put(db.chats, next);
  if (activity) {
    const character = await db.characters.get(chat.characterId);
    if (character && character.lastChatAt < w.at) await w.put(db.characters, { ...character, lastChatAt: w.at });
  }
  return next;
}
