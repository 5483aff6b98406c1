import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createCharacterStore } from './characters';
import { createChatStore } from './chats';
import { createMessageStore, shownText } from './messages';
import { starterCard } from './starter';
import { freshDb, takeOutbox, tick } from './test-db';

async function setup() {
  const db = freshDb();
  const clock = tick();
  const characters = createCharacterStore(db, clock);
  const chats = createChatStore(db, clock);
  const messages = createMessageStore(db, clock);
  const character = await characters.add({ card: starterCard(), image: null, origin: 'starter' });
  await takeOutbox(db);
  return { db, characters, chats, messages, character };
}

describe('chats', () => {
  it('opens with first_mes and the alternate greetings as swipes, the chosen one shown', async () => {
    const { db, chats, messages, character } = await setup();
    const chat = await chats.create(character.id, { greetingIndex: 2 });
    const [first] = await messages.range(chat.id, 0, 10);
    expect(first?.role).toBe('assistant');
    expect(first?.swipes.map((s) => s.text)).toEqual([character.card.first_mes, ...character.card.alternate_greetings]);
    expect(first?.swipeIndex).toBe(2);
    expect(chat).toMatchObject({ messageCount: 1, characterId: character.id, preview: expect.stringContaining('Hi there') as string });
    expect(await takeOutbox(db)).toEqual([`put chats ${chat.id}`, `put messages ${first!.id}`, `put chats ${chat.id}`, `put characters ${character.id}`]);
  });

  it('lists a character’s chats newest first, and recent chats across characters', async () => {
    const { chats, messages, characters, character } = await setup();
    const a = await chats.create(character.id, { title: 'A' });
    const b = await chats.create(character.id, { title: 'B' });
    const other = await characters.add({ card: { ...starterCard(), name: 'Other' }, image: null, origin: 'created' });
    const c = await chats.create(other.id, { title: 'C' });
    await messages.append(a.id, { role: 'user', text: 'bump' });
    expect((await chats.listForCharacter(character.id)).map((x) => x.title)).toEqual(['A', 'B']);
    expect((await chats.recent(2)).map((x) => x.id)).toEqual([a.id, c.id]);
    expect(b.title).toBe('B');
  });

  it('renames and updates settings, refusing empty titles and unknown ids', async () => {
    const { db, chats, character } = await setup();
    const chat = await chats.create(character.id);
    await takeOutbox(db);
    expect((await chats.rename(chat.id, '  Evening  talk ')).title).toBe('Evening talk');
    const next = await chats.update(chat.id, { sampling: { temperature: 1.2 }, lorebookIds: ['l1'], personaId: 'p', vars: { mood: 'calm' }, loreState: { sticky: 1 } });
    expect(next).toMatchObject({ title: 'Evening talk', sampling: { temperature: 1.2 }, lorebookIds: ['l1'], personaId: 'p', vars: { mood: 'calm' } });
    expect(await takeOutbox(db)).toEqual([`put chats ${chat.id}`, `put chats ${chat.id}`]);
    await expect(chats.rename(chat.id, ' ')).rejects.toMatchObject({ code: 'CHAT_BAD_TITLE' });
    await expect(chats.update('nope', {})).rejects.toMatchObject({ code: 'CHAT_NOT_FOUND' });
    await expect(chats.create('nope')).rejects.toMatchObject({ code: 'CHARACTER_NOT_FOUND' });
  });

  it('removes a chat with its messages (other chats untouched) and restores it', async () => {
    const { db, chats, messages, character } = await setup();
    const chat = await chats.create(character.id);
    const keep = await chats.create(character.id);
    await messages.append(chat.id, { role: 'user', text: 'x' });
    const before = await messages.range(chat.id, 0, 10);
    await takeOutbox(db);
    const snap = await chats.remove(chat.id);
    expect(await chats.get(chat.id)).toBeUndefined();
    expect(await messages.count(chat.id)).toBe(0);
    expect(await messages.count(keep.id)).toBe(1);
    expect(await takeOutbox(db)).toEqual([...before.map((m) => `delete messages ${m.id}`), `delete chats ${chat.id}`]);
    await chats.restore(snap);
    expect(await messages.range(chat.id, 0, 10)).toEqual(before);
  });

  it('branches: copies up to and including the message, leaves the source as it was', async () => {
    const { chats, messages, character } = await setup();
    const chat = await chats.create(character.id, { title: 'Trip' });
    const m2 = await messages.append(chat.id, { role: 'user', text: 'two' });
    await messages.addSwipe((await messages.append(chat.id, { role: 'assistant', text: 'three' })).id, { text: 'three b' });
    await messages.append(chat.id, { role: 'user', text: 'four' });
    await chats.update(chat.id, { sampling: { topK: 5 } });

    const branch = await chats.branch(chat.id, m2.id);
    expect(branch).toMatchObject({ title: 'Trip (branch)', branchedFrom: { chatId: chat.id, messageId: m2.id }, messageCount: 2, preview: 'two', sampling: { topK: 5 } });
    const copied = await messages.range(branch.id, 0, 10);
    expect(copied.map(shownText)).toEqual([character.card.first_mes, 'two']);
    expect(copied.every((m) => m.chatId === branch.id && m.id !== m2.id)).toBe(true);
    expect(await messages.count(chat.id)).toBe(4);
    await expect(chats.branch(branch.id, m2.id)).rejects.toMatchObject({ code: 'MESSAGE_NOT_FOUND' });
  });
});
