// Macro output is bounded: client text repeated by macros grows linearly, once, and past the budget the answer is 413.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, postJson, type TestUser } from '../../auth/testing.ts';
import { createApp } from '../../app.ts';
import { createInference, loadInferenceConfig, memoryUserSettings } from '../../inference/index.ts';
import { createLogger } from '../../middleware/logging/index.ts';
import { createChatRoutes } from '../chat/index.ts';
import { createCharactersTestApp } from './testing.ts';

const CARD = {
  spec: 'chara_card_v2',
  spec_version: '2.0',
  data: { name: 'Echo', description: 'Echo repeats: {{lastUserMessage}} {{lastUserMessage}}', personality: '', scenario: '', first_mes: '', mes_example: '', tags: [], extensions: {} },
};

describe('prompt size with macros', () => {
  let t: Awaited<ReturnType<typeof createCharactersTestApp>>;
  let chatApp: ReturnType<typeof createApp>;
  let user: TestUser;
  let id: string;
  let sent = 0;
  beforeAll(async () => {
    t = await createCharactersTestApp('sqlite');
    const fakeFetch: typeof fetch = async () => {
      sent++;
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
    chatApp = createApp({ config: t.config, clock: t.clock, logger: createLogger({ logLevel: 'silent' }), auth: t.auth, routes: [{ path: '/api/chat', routes: createChatRoutes(service) }] });
    user = await asUser(t.app, { username: 'echo' });
    const res = await postJson(t.app, '/api/characters', CARD, user.headers);
    id = ((await res.json()) as { id: string }).id;
    expect((await user.request(`/api/characters/${id}/activate`, { method: 'POST' })).status).toBe(200);
  });
  afterAll(() => t.dispose());

  it('expands a small request once: macros in the client text stay text', async () => {
    const msg = '{{lastusermessage}}'.repeat(25);
    const body = { characterId: id, messages: [{ role: 'system', content: '{{lastusermessage}}'.repeat(10) }, { role: 'user', content: msg }] };
    expect(JSON.stringify(body).length).toBeLessThan(1000);
    const res = await postJson(t.app, '/api/chat/preview', body, user.headers);
    expect(res.status).toBe(200);
    const text = await res.text();
    // 10 copies in the system prompt, 2 in the description, 1 in the history: linear, never k^passes.
    expect(text.length).toBeLessThan(20 * msg.length + 5000);
    const p = JSON.parse(text) as { messages: { content: string }[] };
    expect(p.messages[0]!.content).toContain(msg.repeat(10));
  });

  it('answers 413 PROMPT_TOO_LARGE when macros would repeat the client text past the budget', async () => {
    const messages = [{ role: 'system', content: '{{lastUserMessage}}'.repeat(2000) }, { role: 'user', content: 'x'.repeat(2000) }];
    const preview = await postJson(t.app, '/api/chat/preview', { characterId: id, messages }, user.headers);
    expect(preview.status).toBe(413);
    expect(((await preview.json()) as { error: { code: string } }).error.code).toBe('PROMPT_TOO_LARGE');
    const before = sent;
    const chat = await postJson(chatApp, '/api/chat', { model: 'fake/m', messages }, user.headers);
    expect(chat.status).toBe(413);
    expect(((await chat.json()) as { error: { code: string } }).error.code).toBe('PROMPT_TOO_LARGE');
    expect(sent).toBe(before);
  });
});
