// The chat service: prompt assembly hook, the active model's fallbacks, per-user switching stored in the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenerationResult } from '@companion/core/llm';
import type { AuthUser } from '../auth-module.ts';
import { ManualClock } from '../clock.ts';
import { openTestStorage, storageKinds, warnIfPostgresSkipped, type TestStorage } from '../storage/testing.ts';
import { GenerationPool } from './generation-pool.ts';
import { LocalModelIndex } from './local-models.ts';
import { ModelRegistry } from './model-registry.ts';
import { LocalProvider } from './providers/local.ts';
import type { ChatProvider, ProviderChatRequest } from './providers/types.ts';
import { InferenceService } from './service.ts';
import { createUserSettingsStore } from './user-settings.ts';

const result: GenerationResult = {
  text: 'ok',
  finishReason: 'stop',
  usage: { promptTokens: 1, completionTokens: 1 },
  timings: { timeToFirstTokenMs: 0, totalMs: 0, decodeTokensPerSecond: 0 },
};

function fakeProvider(name: string, models: string[]): ChatProvider & { seen: ProviderChatRequest[] } {
  const seen: ProviderChatRequest[] = [];
  return {
    name,
    kind: 'openai',
    seen,
    models: async () => models,
    generate: async (req) => {
      seen.push(req);
      return result;
    },
    status: async () => ({ state: 'ready' }),
  };
}

warnIfPostgresSkipped();

describe.each(storageKinds)('on $kind', ({ kind, skip }) => {
  let storage: TestStorage;
  beforeAll(async () => {
    if (!skip) storage = await openTestStorage(kind);
  });
  afterAll(() => storage?.dispose());

  async function userRow(id: string): Promise<AuthUser> {
    await storage.db
      .insertInto('users')
      .values({ id, username: id, username_key: id, password_hash: 'x', role: 'user', created_at: 0, updated_at: 0 })
      .execute();
    return { id, username: id, role: 'user' };
  }

  function service(
    remote: ChatProvider[],
    opts: { defaultModel?: string; context?: ConstructorParameters<typeof InferenceService>[0]['context'] } = {},
  ) {
    const index = new LocalModelIndex([], '/nonexistent-models');
    const local = new LocalProvider({
      index,
      registry: new ModelRegistry(),
      pool: new GenerationPool({ concurrency: 1, maxQueue: 0 }),
    });
    return new InferenceService({
      local,
      index,
      remote,
      settings: createUserSettingsStore(storage.db, new ManualClock()),
      ...opts,
    });
  }

  describe.skipIf(skip)('InferenceService', () => {
    it('runs the messages through the context provider (where prompt assembly plugs in)', async () => {
      const p = fakeProvider('up', ['m1']);
      const user = await userRow('ctx-user');
      const s = service([p], {
        context: {
          assemble: async ({ user: u, messages }) => [
            { role: 'system', content: `You talk to ${u.username}.` },
            ...messages,
          ],
        },
      });
      const job = await s.begin(user, { messages: [{ role: 'user', content: 'Hi' }] });
      expect(job.model).toBe('up/m1');
      await job.run();
      expect(p.seen[0]?.messages).toEqual([
        { role: 'system', content: 'You talk to ctx-user.' },
        { role: 'user', content: 'Hi' },
      ]);
      expect(p.seen[0]?.model).toBe('m1');
      expect(p.seen[0]?.options).toMatchObject({ maxTokens: 512, temperature: 0.7, topP: 1, stop: [] });
    });

    it('picks the stored model, else DEFAULT_MODEL, else the first available; per user, persisted', async () => {
      const a = await userRow('switch-a');
      const b = await userRow('switch-b');
      const s = service([fakeProvider('up', ['m1', 'org/m2'])], { defaultModel: 'up/org/m2' });
      expect(await s.activeModel(a.id)).toBe('up/org/m2');
      await s.switchModel(a.id, 'up/m1');
      expect(await s.activeModel(a.id)).toBe('up/m1');
      expect(await s.activeModel(b.id)).toBe('up/org/m2');
      // A new service over the same database (a restart) remembers the choice.
      expect(await service([fakeProvider('up', ['m1'])]).activeModel(a.id)).toBe('up/m1');
      // A stored model that is gone falls back instead of failing every chat.
      expect(await service([fakeProvider('other', ['z'])]).activeModel(a.id)).toBe('other/z');
      await expect(s.switchModel(a.id, 'up/nope')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND', status: 404 });
      await expect(s.switchModel(a.id, 'nope')).rejects.toMatchObject({ status: 404 });
    });

    it('answers 409 NO_MODEL when nothing can chat', async () => {
      const user = await userRow('no-model');
      await expect(service([]).begin(user, { messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
        code: 'NO_MODEL',
        status: 409,
      });
    });
  });
});
