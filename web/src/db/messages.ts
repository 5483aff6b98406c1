// Messages of a chat: paged reads from the [chatId+seq] index, and writes that keep the chat's summary in step.
import { CodedError } from '@companion/core/errors';
import { appDb, type AppDatabase } from './app-db';
import { chatMessages, chatNotFound, messageNotFound, newMessage, refreshChat } from './chat-summary';
import { mutate, type Writer } from './outbox';
import type { MessageRecord, MessageRole, ReplyTimings, Swipe } from './records';

export { shownText } from './chat-summary';

export interface NewMessage {
  role: MessageRole;
  text: string;
  model?: string;
  timings?: ReplyTimings;
}

export interface SwipeInput {
  text: string;
  model?: string;
  timings?: ReplyTimings;
}

export interface MessageStore {
  count(chatId: string): Promise<number>;
  /** Messages `offset`..`offset+limit` in seq order (for a virtualised list; reads only that slice). */
  range(chatId: string, offset: number, limit: number): Promise<MessageRecord[]>;
  /** The newest `n`, oldest first (prompt history). */
  last(chatId: string, n: number): Promise<MessageRecord[]>;
  get(id: string): Promise<MessageRecord | undefined>;
  /** Adds a message after the last one; the chat's preview, count and updatedAt and the character's lastChatAt follow. */
  append(chatId: string, message: NewMessage): Promise<MessageRecord>;
  /** A new swipe (regenerate), selected. */
  addSwipe(id: string, swipe: SwipeInput): Promise<MessageRecord>;
  setSwipe(id: string, index: number): Promise<MessageRecord>;
  /** Replaces the shown swipe's text (end of a stream, continue); not an edit, so no history is kept. */
  setSwipeText(id: string, text: string, meta?: { timings?: ReplyTimings; model?: string }): Promise<MessageRecord>;
  /** The user's edit of the shown swipe; the old text goes to `edits`. */
  edit(id: string, text: string): Promise<MessageRecord>;
  remove(id: string): Promise<void>;
  /** Removes every message after `seq` (edit and resend); returns how many. */
  removeAfter(chatId: string, seq: number): Promise<number>;
}

function swipe(s: SwipeInput, at: number): Swipe {
  return { text: s.text, createdAt: at, ...(s.model !== undefined && { model: s.model }), ...(s.timings && { timings: s.timings }) };
}

export function createMessageStore(db: AppDatabase = appDb(), now: () => number = Date.now): MessageStore {
  const tables = [db.messages, db.chats, db.characters];

  /** Loads, changes and saves one message, then refreshes its chat: the shape of every per-message edit. */
  const change = (id: string, fn: (m: MessageRecord, w: Writer) => MessageRecord, activity = false): Promise<MessageRecord> =>
    mutate(
      db,
      tables,
      async (w) => {
        const current = await db.messages.get(id);
        if (!current) throw messageNotFound(id);
        const next = { ...fn(current, w), updatedAt: w.at };
        await w.put(db.messages, next);
        await refreshChat(db, w, next.chatId, activity);
        return next;
      },
      { now },
    );

  return {
    count: (chatId) => chatMessages(db, chatId).count(),
    async range(chatId, offset, limit) {
      const from = Math.max(0, Math.floor(offset));
      if (limit <= 0) return [];
      // The first offset+limit primary keys (one getAllKeys on the index, ids only), then just the slice's records.
      // Cheaper than stepping a cursor past `offset` records, which some IndexedDB implementations do one by one.
      return db.transaction('r', db.messages, async () => {
        const ids = (await chatMessages(db, chatId).limit(from + Math.floor(limit)).primaryKeys()).slice(from);
        const rows = await db.messages.bulkGet(ids);
        return rows.filter((m): m is MessageRecord => m !== undefined);
      });
    },
    async last(chatId, n) {
      if (n <= 0) return [];
      return (await chatMessages(db, chatId).reverse().limit(n).toArray()).reverse();
    },
    get: (id) => db.messages.get(id),

    append: (chatId, m) =>
      mutate(
        db,
        tables,
        async (w) => {
          if (!(await db.chats.get(chatId))) throw chatNotFound(chatId);
          const seq = ((await chatMessages(db, chatId).last())?.seq ?? 0) + 1;
          const record = newMessage(chatId, seq, m.role, [swipe(m, w.at)], 0, w.at);
          await w.put(db.messages, record);
          await refreshChat(db, w, chatId, true);
          return record;
        },
        { now },
      ),

    addSwipe: (id, s) => change(id, (m, w) => ({ ...m, swipes: [...m.swipes, swipe(s, w.at)], swipeIndex: m.swipes.length }), true),

    setSwipe: (id, index) =>
      change(id, (m) => {
        if (!Number.isInteger(index) || index < 0 || index >= m.swipes.length) {
          throw new CodedError('MESSAGE_BAD_SWIPE', `This message has ${m.swipes.length} versions; there is no version ${index + 1}.`, {
            details: { id, index },
          });
        }
        return { ...m, swipeIndex: index };
      }),

    setSwipeText: (id, text, meta = {}) =>
      change(id, (m) => {
        const swipes = m.swipes.map((s, i) =>
          i === m.swipeIndex
            ? { ...s, text, ...(meta.model !== undefined && { model: meta.model }), ...(meta.timings && { timings: meta.timings }) }
            : s,
        );
        return { ...m, swipes };
      }),

    edit: (id, text) =>
      change(id, (m, w) => {
        const old = m.swipes[m.swipeIndex];
        if (!old || old.text === text) return m;
        const swipes = m.swipes.map((s, i) => (i === m.swipeIndex ? { ...s, text } : s));
        return { ...m, swipes, edits: [...m.edits, { text: old.text, at: w.at, swipeIndex: m.swipeIndex }] };
      }),

    remove: (id) =>
      mutate(
        db,
        tables,
        async (w) => {
          const m = await db.messages.get(id);
          if (!m) throw messageNotFound(id);
          await w.delete(db.messages, id);
          await refreshChat(db, w, m.chatId, false);
        },
        { now },
      ),

    removeAfter: (chatId, seq) =>
      mutate(
        db,
        tables,
        async (w) => {
          if (!(await db.chats.get(chatId))) throw chatNotFound(chatId);
          const later = await db.messages.where('[chatId+seq]').between([chatId, seq], [chatId, Infinity], false, true).primaryKeys();
          await w.bulkDelete(db.messages, later);
          await refreshChat(db, w, chatId, false);
          return later.length;
        },
        { now },
      ),
  };
}
