import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createBackupStore } from './backup';
import { createCharacterStore } from './characters';
import { createChatStore } from './chats';
import { createMessageStore, shownText } from './messages';
import { starterCard } from './starter';
import { parseStDate } from './st-chat';
import { freshDb, takeOutbox } from './test-db';

// As SillyTavern 1.12 writes a chat: metadata line, greeting with swipes, user turn, a regenerated reply with
// swipe_info and the API/model in `extra`, a hidden system note, and a trailing newline.
const ST_CHAT = [
  { user_name: 'Sam', character_name: 'Aria', create_date: '2024-05-01@18h03m22s', chat_metadata: { note_prompt: '', variables: { mood: 'happy', visits: 3 } } },
  { name: 'Aria', is_user: false, is_system: false, send_date: 'May 1, 2024 6:03pm', mes: 'Hello, Sam!', swipe_id: 1, swipes: ['Hi there!', 'Hello, Sam!'], extra: {} },
  { name: 'Sam', is_user: true, is_system: false, send_date: 'May 1, 2024 6:04pm', mes: 'How are the plants?', extra: { isSmallSys: false } },
  {
    name: 'Aria', is_user: false, is_system: false, send_date: 'May 1, 2024 6:04pm', mes: 'Thriving! *waters the fern*', swipe_id: 0,
    swipes: ['Thriving! *waters the fern*', 'Wilting, sadly.'],
    swipe_info: [
      { send_date: 'May 1, 2024 6:04pm', extra: { api: 'openai', model: 'gpt-4o' } },
      { send_date: 'May 1, 2024 6:05pm', extra: { api: 'koboldcpp', model: 'mythomax' } },
    ],
    extra: { api: 'openai', model: 'gpt-4o', token_count: 9 },
  },
  { name: 'System', is_user: false, is_system: true, send_date: 1714586800000, mes: '[Sam stepped away]', extra: { type: 'narrator' } },
].map((l) => JSON.stringify(l)).join('\n') + '\n';

async function setup() {
  const db = freshDb();
  const character = await createCharacterStore(db).add({ card: starterCard(), image: null, origin: 'starter' });
  await takeOutbox(db);
  return { db, character, backup: createBackupStore(db) };
}

describe('SillyTavern chat import', () => {
  it('makes a new chat with every message, role, swipe, chosen swipe and model', async () => {
    const { db, character, backup } = await setup();
    const chat = await backup.importSillyTavernChat(new TextEncoder().encode(ST_CHAT), character.id, 'Aria - 2024-05-01@18h03m22s.jsonl');
    expect(chat).toMatchObject({ characterId: character.id, title: 'Aria - 2024-05-01@18h03m22s', messageCount: 4, preview: '[Sam stepped away]', vars: { mood: 'happy', visits: '3' } });
    expect(chat.createdAt).toBe(new Date(2024, 4, 1, 18, 3, 22).getTime());
    const msgs = await createMessageStore(db).range(chat.id, 0, 10);
    expect(msgs.map((m) => m.role)).toEqual(['assistant', 'user', 'assistant', 'system']);
    expect(msgs.map(shownText)).toEqual(['Hello, Sam!', 'How are the plants?', 'Thriving! *waters the fern*', '[Sam stepped away]']);
    expect(msgs[0]).toMatchObject({ swipeIndex: 1, swipes: [{ text: 'Hi there!' }, { text: 'Hello, Sam!' }] });
    expect(msgs[2]!.swipes.map((s) => s.model)).toEqual(['openai:gpt-4o', 'koboldcpp:mythomax']);
    expect(msgs[1]!.swipes[0]!.model).toBeUndefined();
    expect(msgs[3]!.createdAt).toBe(1714586800000);
    expect(msgs.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(await createChatStore(db).listForCharacter(character.id)).toHaveLength(1);
    const outbox = await takeOutbox(db);
    expect(outbox.filter((l) => l.startsWith('put messages'))).toHaveLength(4);
    expect(outbox).toContain(`put chats ${chat.id}`);
  });

  it('names the first bad line and imports nothing', async () => {
    const { db, character, backup } = await setup();
    const lines = ST_CHAT.split('\n');
    const notJson = [...lines.slice(0, 3), '{"name": "Sam", "mes": "cut off', ...lines.slice(3)].join('\n');
    await expect(backup.importSillyTavernChat(new TextEncoder().encode(notJson), character.id)).rejects.toMatchObject({
      code: 'ST_CHAT_BAD_LINE',
      details: { line: 4 },
      message: expect.stringContaining('Line 4') as string,
    });
    const noText = [...lines.slice(0, 2), JSON.stringify({ name: 'Sam', is_user: true, mes: 42 })].join('\n');
    await expect(backup.importSillyTavernChat(new TextEncoder().encode(noText), character.id)).rejects.toMatchObject({ code: 'ST_CHAT_BAD_LINE', details: { line: 3 } });
    await expect(backup.importSillyTavernChat(new TextEncoder().encode('[1,2]\n'), character.id)).rejects.toMatchObject({ code: 'ST_CHAT_BAD_LINE', details: { line: 1 } });
    await expect(backup.importSillyTavernChat(new TextEncoder().encode('\n\n'), character.id)).rejects.toMatchObject({ code: 'ST_CHAT_EMPTY' });
    await expect(backup.importSillyTavernChat(new TextEncoder().encode(ST_CHAT), 'nobody')).rejects.toMatchObject({ code: 'CHARACTER_NOT_FOUND' });
    expect(await db.chats.count()).toBe(0);
    expect(await db.messages.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('imports a file with only its metadata line as an empty chat', async () => {
    const { db, character, backup } = await setup();
    const chat = await backup.importSillyTavernChat(new TextEncoder().encode(ST_CHAT.split('\n')[0]!), character.id);
    expect(chat).toMatchObject({ messageCount: 0, preview: '' });
    expect(await db.messages.count()).toBe(0);
  });

  it('titles a chat without a file name after the character in the metadata', async () => {
    const { character, backup } = await setup();
    const chat = await backup.importSillyTavernChat(new TextEncoder().encode(ST_CHAT), character.id);
    expect(chat.title).toBe('Aria (imported)');
  });

  it('reads SillyTavern’s date styles', () => {
    expect(parseStDate('2024-05-01@18h03m22s')).toBe(new Date(2024, 4, 1, 18, 3, 22).getTime());
    expect(parseStDate('May 1, 2024 6:04pm')).toBe(new Date(2024, 4, 1, 18, 4).getTime());
    expect(parseStDate('2024-05-01T10:00:00.000Z')).toBe(Date.UTC(2024, 4, 1, 10));
    expect(parseStDate(17)).toBe(17);
    expect(parseStDate('someday')).toBeUndefined();
  });
});
