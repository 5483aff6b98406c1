import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createCharacterStore } from './characters';
import { createChatStore } from './chats';
import { createMessageStore, shownText } from './messages';
import { type MessageRecord } from './records';
import { starterCard } from './starter';
import { freshDb, takeOutbox, tick } from './test-db';

async function setup() {
  const db = freshDb();
  const clock = tick(1_000_000);
  const characters = createCharacterStore(db, clock);
  const character = await characters.add({ card: { ...starterCard(), first_mes: '', alternate_greetings: [] }, image: null, origin: 'created' });
  const chats = createChatStore(db, clock);
  const chat = await chats.create(character.id);
  const messages = createMessageStore(db, clock);
  await takeOutbox(db);
  return { db, characters, chats, chat, messages, character };
}

describe('messages', () => {
  it('append numbers messages and keeps the chat summary and the character’s lastChatAt in step', async () => {
    const { db, chats, chat, messages, characters, character } = await setup();
    expect(chat.messageCount).toBe(0);
    const a = await messages.append(chat.id, { role: 'user', text: 'Hello   there\n friend' });
    const b = await messages.append(chat.id, { role: 'assistant', text: 'Hi!', model: 'webllm:tiny', timings: { firstTokenMs: 12, tokensPerSecond: 30 } });
    expect([a.seq, b.seq]).toEqual([1, 2]);
    expect(b.swipes[0]).toMatchObject({ text: 'Hi!', model: 'webllm:tiny', timings: { firstTokenMs: 12 } });
    const after = await chats.get(chat.id);
    expect(after).toMatchObject({ messageCount: 2, preview: 'Hi!', updatedAt: b.createdAt });
    expect((await characters.get(character.id))?.lastChatAt).toBe(b.createdAt);
    expect(await takeOutbox(db)).toEqual([
      `put messages ${a.id}`, `put chats ${chat.id}`, `put characters ${character.id}`,
      `put messages ${b.id}`, `put chats ${chat.id}`, `put characters ${character.id}`,
    ]);
    await expect(messages.append('nope', { role: 'user', text: 'x' })).rejects.toMatchObject({ code: 'CHAT_NOT_FOUND' });
    expect(await db.outbox.count()).toBe(0);
  });

  it('shortens long previews', async () => {
    const { chats, chat, messages } = await setup();
    await messages.append(chat.id, { role: 'assistant', text: 'word '.repeat(100) });
    const preview = (await chats.get(chat.id))!.preview;
    expect(preview.length).toBeLessThanOrEqual(140);
    expect(preview.endsWith('…')).toBe(true);
  });

  it('swipes: regenerate adds and selects, swiping back shows the first, bad index refused', async () => {
    const { db, chats, chat, messages } = await setup();
    const m = await messages.append(chat.id, { role: 'assistant', text: 'first' });
    await takeOutbox(db);
    const two = await messages.addSwipe(m.id, { text: 'second', model: 'm2' });
    expect([two.swipeIndex, shownText(two)]).toEqual([1, 'second']);
    expect((await chats.get(chat.id))?.preview).toBe('second');
    const back = await messages.setSwipe(m.id, 0);
    expect(shownText(back)).toBe('first');
    expect((await chats.get(chat.id))?.preview).toBe('first');
    await expect(messages.setSwipe(m.id, 2)).rejects.toMatchObject({ code: 'MESSAGE_BAD_SWIPE' });
    expect((await takeOutbox(db)).filter((l) => l.startsWith('put messages'))).toHaveLength(2);
  });

  it('setSwipeText replaces the shown swipe (stream end, continue) without edit history; edit keeps it', async () => {
    const { messages, chat } = await setup();
    const m = await messages.append(chat.id, { role: 'assistant', text: '' });
    await messages.addSwipe(m.id, { text: 'partial' });
    const done = await messages.setSwipeText(m.id, 'partial, then the rest.', { timings: { totalMs: 900 }, model: 'x' });
    expect(done.swipes.map((s) => s.text)).toEqual(['', 'partial, then the rest.']);
    expect(done.swipes[1]).toMatchObject({ model: 'x', timings: { totalMs: 900 } });
    expect(done.edits).toEqual([]);
    const edited = await messages.edit(m.id, 'My fix.');
    expect(shownText(edited)).toBe('My fix.');
    expect(edited.edits).toEqual([{ text: 'partial, then the rest.', at: edited.updatedAt, swipeIndex: 1 }]);
    await expect(messages.edit('nope', 'x')).rejects.toMatchObject({ code: 'MESSAGE_NOT_FOUND' });
  });

  it('remove and removeAfter drop messages and fix the summary; appends continue after the last seq', async () => {
    const { db, chats, chat, messages } = await setup();
    const made: MessageRecord[] = [];
    for (const t of ['a', 'b', 'c', 'd', 'e']) made.push(await messages.append(chat.id, { role: 'user', text: t }));
    await takeOutbox(db);
    await messages.remove(made[4]!.id);
    expect((await chats.get(chat.id))).toMatchObject({ messageCount: 4, preview: 'd' });
    expect(await messages.removeAfter(chat.id, made[1]!.seq)).toBe(2);
    expect((await messages.range(chat.id, 0, 10)).map(shownText)).toEqual(['a', 'b']);
    expect((await chats.get(chat.id))).toMatchObject({ messageCount: 2, preview: 'b' });
    expect((await takeOutbox(db)).filter((l) => l.startsWith('delete messages'))).toEqual([made[4], made[2], made[3]].map((m) => `delete messages ${m!.id}`));
    expect((await messages.append(chat.id, { role: 'user', text: 'c2' })).seq).toBe(3);
  });

  it('pages a 5,000-message chat by index: the right slice, the newest n in order, the count', async () => {
    const { db, chat, messages } = await setup();
    const other = await createChatStore(db).create((await db.characters.toCollection().first())!.id);
    // Written straight to the table: the paging reads, not 5,000 appends, are under test. Interleaved with
    // another chat's messages and stored in shuffled order, so only the [chatId+seq] index gives the order.
    const rows: MessageRecord[] = [];
    for (let i = 1; i <= 5000; i++) {
      for (const [chatId, text] of [[chat.id, `m${i}`], [other.id, `o${i}`]] as const) {
        rows.push({ id: `${chatId}-${(i * 7919) % 5003}-${i}`, chatId, seq: i * 2, role: i % 2 ? 'user' : 'assistant', swipes: [{ text, createdAt: i }], swipeIndex: 0, edits: [], createdAt: i, updatedAt: i });
      }
    }
    await db.messages.bulkPut(rows);
    expect(await messages.count(chat.id)).toBe(5000);
    expect((await messages.range(chat.id, 2500, 3)).map(shownText)).toEqual(['m2501', 'm2502', 'm2503']);
    expect((await messages.range(chat.id, 4998, 10)).map(shownText)).toEqual(['m4999', 'm5000']);
    expect((await messages.range(chat.id, 0, 2)).map(shownText)).toEqual(['m1', 'm2']);
    expect(await messages.range(chat.id, 6000, 5)).toEqual([]);
    expect((await messages.last(chat.id, 3)).map(shownText)).toEqual(['m4998', 'm4999', 'm5000']);
    expect((await messages.append(chat.id, { role: 'user', text: 'next' })).seq).toBe(10001);
  });
});
