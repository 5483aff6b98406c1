// POST /api/chat/preview (prompt inspector) and the active character reaching a model through the chat routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, postJson, type TestUser } from '../../auth/testing.ts';
import { createInference, loadInferenceConfig, memoryUserSettings } from '../../inference/index.ts';
import { createChatRoutes } from '../chat/index.ts';
import { createOpenAiRoutes } from '../openai/index.ts';
import { createCharactersTestApp } from './testing.ts';
import { createApp } from '../../app.ts';
import { createLogger } from '../../middleware/logging/index.ts';

const CARD = {
  spec: 'chara_card_v3',
  spec_version: '3.0',
  data: {
    name: 'Haru',
    nickname: 'Haru-chan',
    description: '{{char}} is a cheerful student who likes {{user}}.',
    personality: 'kind',
    scenario: 'After class.',
    first_mes: 'Hello!',
    mes_example: '<START>\n{{user}}: hi\n{{char}}: hello',
    system_prompt: 'Card rules. {{original}}',
    post_history_instructions: 'Stay in character.',
    creator_notes: 'NOTES FOR HUMANS ONLY',
    group_only_greetings: [],
    tags: [],
    extensions: {},
    character_book: {
      extensions: {},
      entries: [
        { keys: ['school'], content: 'Haru goes to Seiran High.', extensions: {}, enabled: true, insertion_order: 1 },
        { keys: [], content: 'Always known lore.', extensions: {}, enabled: true, insertion_order: 2, constant: true },
        { keys: ['dragon'], content: 'DRAGON LORE', extensions: {}, enabled: true, insertion_order: 3 },
      ],
    },
  },
};

interface Preview {
  messages: { role: string; content: string }[];
  lore: { activated: { uid: string; entryIndex: number; reason: { type: string; key?: string; messageIndex?: number } }[] };
  tokens: { total: number; history: number; lore: number; examples: number; budget: number };
  dropped: { exampleBlocks: number; historyMessages: number };
}

async function createCharacter(user: TestUser, app: { request(p: string, i?: RequestInit): Response | Promise<Response> }) {
  const res = await postJson(app, '/api/characters', CARD, user.headers);
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe('POST /api/chat/preview', () => {
  let t: Awaited<ReturnType<typeof createCharactersTestApp>>;
  let user: TestUser;
  let id: string;
  beforeAll(async () => {
    t = await createCharactersTestApp('sqlite');
    user = await asUser(t.app, { username: 'kenta' });
    id = await createCharacter(user, t.app);
  });
  afterAll(() => t.dispose());

  const preview = async (body: unknown): Promise<Preview> => {
    const res = await postJson(t.app, '/api/chat/preview', body, user.headers);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as Preview;
  };

  it('answers the assembled messages, the lore that fired with its reason, and token counts', async () => {
    const messages = [
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: 'How was school today?' },
    ];
    const p = await preview({ characterId: id, messages, userName: 'Mika' });
    const system = p.messages[0]!;
    expect(system.role).toBe('system');
    // The card's system prompt replaces the default one, which {{original}} brings back.
    expect(system.content).toMatch(/^Card rules\. Write Haru-chan's next reply in a fictional chat between Haru-chan and Mika\./);
    expect(system.content).toContain('Haru-chan is a cheerful student who likes Mika.');
    expect(system.content).toContain('Haru goes to Seiran High.');
    expect(system.content).toContain('Always known lore.');
    const all = p.messages.map((m) => m.content).join('\n');
    expect(all).not.toContain('DRAGON LORE');
    expect(all).not.toContain('NOTES FOR HUMANS ONLY');
    expect(p.messages.at(-1)).toEqual({ role: 'system', content: 'Stay in character.' });
    expect(p.messages.filter((m) => m.role !== 'system')).toEqual(messages);
    const reasons = Object.fromEntries(p.lore.activated.map((a) => [a.entryIndex, a.reason]));
    expect(reasons[0]).toMatchObject({ type: 'key', key: 'school', messageIndex: 1 });
    expect(reasons[1]).toEqual({ type: 'constant' });
    expect(reasons[2]).toBeUndefined();
    expect(p.tokens.total).toBeGreaterThan(p.tokens.history);
    expect(p.tokens.lore).toBeGreaterThan(0);
    expect(p.tokens.examples).toBeGreaterThan(0);
    expect(p.dropped).toEqual({ exampleBlocks: 0, historyMessages: 0 });
  });

  it('uses the account name for {{user}} when no userName is given', async () => {
    const p = await preview({ characterId: id, messages: [{ role: 'user', content: 'hi' }] });
    expect(p.messages[0]!.content).toContain('who likes kenta.');
  });

  it("takes the client's leading system messages as the global prompt that the card's system_prompt wraps", async () => {
    const p = await preview({ characterId: id, messages: [{ role: 'system', content: 'Client prompt for {{char}}.' }, { role: 'user', content: 'hi' }] });
    expect(p.messages[0]!.content).toMatch(/^Card rules\. Client prompt for Haru-chan\./);
    expect(p.messages.filter((m) => m.content.includes('Client prompt'))).toHaveLength(1);
    expect(p.messages.filter((m) => m.role !== 'system')).toEqual([{ role: 'user', content: 'hi' }]);
  });

  it('trims the oldest history to the context and says so', async () => {
    const long = Array.from({ length: 400 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `message ${i} ${'word '.repeat(40)}` }));
    const p = await preview({ characterId: id, messages: long });
    expect(p.dropped.historyMessages).toBeGreaterThan(0);
    expect(p.messages.some((m) => m.content.startsWith('message 399 '))).toBe(true);
    expect(p.messages.some((m) => m.content.startsWith('message 0 '))).toBe(false);
    expect(p.tokens.total).toBeLessThanOrEqual(p.tokens.budget);
  });

  it('validates the body and answers 404 for an unknown character', async () => {
    expect((await postJson(t.app, '/api/chat/preview', { messages: [] }, user.headers)).status).toBe(400);
    expect((await postJson(t.app, '/api/chat/preview', { characterId: id, messages: [{ role: 'tool', content: 'x' }] }, user.headers)).status).toBe(400);
    const unknown = await postJson(t.app, '/api/chat/preview', { characterId: '0b6f1c2e-8d4a-4f3b-9c7e-2a1d5e6f7a8b', messages: [] }, user.headers);
    expect(unknown.status).toBe(404);
  });
});

describe('the active character in chat (ChatContextProvider)', () => {
  let t: Awaited<ReturnType<typeof createCharactersTestApp>>;
  let chatApp: ReturnType<typeof createApp>;
  const sent: { messages: { role: string; content: string }[] }[] = [];
  beforeAll(async () => {
    t = await createCharactersTestApp('sqlite');
    // A remote OpenAI-compatible provider whose fetch records what the model would have received.
    const fakeFetch: typeof fetch = async (_url, init) => {
      sent.push(JSON.parse(String(init?.body)) as (typeof sent)[number]);
      const sse = 'data: {"choices":[{"delta":{"content":"ok"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n';
      return new Response(sse, { status: 200, headers: { 'content-type': 'text/event-stream' } });
    };
    const { service } = createInference({
      config: loadInferenceConfig({ PROVIDERS: JSON.stringify([{ name: 'fake', type: 'openai', baseUrl: 'http://127.0.0.1:9/v1', models: ['m'] }]) }),
      catalog: [],
      modelsDir: '/nonexistent-models',
      settings: memoryUserSettings(),
      context: t.context.provider,
      fetch: fakeFetch,
    });
    // The same auth and storage as the characters app, plus the chat routes as main.ts mounts them.
    chatApp = createApp({
      config: t.config,
      clock: t.clock,
      logger: createLogger({ logLevel: 'silent' }),
      auth: t.auth,
      routes: [
        { path: '/api/chat', routes: createChatRoutes(service) },
        { path: '/v1', routes: createOpenAiRoutes(service) },
      ],
    });
  });
  afterAll(() => t.dispose());

  it('sends the assembled character prompt once a character is active, and passes messages through before', async () => {
    const user = await asUser(t.app, { username: 'aoi' });
    const hi = { model: 'fake/m', messages: [{ role: 'user', content: 'Tell me about school' }] };
    expect((await postJson(chatApp, '/api/chat', hi, user.headers)).status).toBe(200);
    expect(sent.at(-1)?.messages).toEqual(hi.messages);

    const id = await createCharacter(user, t.app);
    expect((await user.request(`/api/characters/${id}/activate`, { method: 'POST' })).status).toBe(200);
    expect((await postJson(chatApp, '/api/chat', hi, user.headers)).status).toBe(200);
    const messages = sent.at(-1)!.messages;
    expect(messages[0]!.role).toBe('system');
    expect(messages[0]!.content).toContain('Haru-chan is a cheerful student who likes aoi.');
    expect(messages[0]!.content).toContain('Haru goes to Seiran High.');
    expect(messages).toContainEqual(hi.messages[0]);

    // OpenAI-compatible clients bring their own complete prompt: /v1 passes it through as sent.
    const openAi = await postJson(chatApp, '/v1/chat/completions', hi, user.headers);
    expect(openAi.status).toBe(200);
    expect(sent.at(-1)?.messages).toEqual(hi.messages);

    // Another user's chat is untouched by this user's choice.
    const other = await asUser(t.app);
    expect((await postJson(chatApp, '/api/chat', hi, other.headers)).status).toBe(200);
    expect(sent.at(-1)?.messages).toEqual(hi.messages);
  });
});
