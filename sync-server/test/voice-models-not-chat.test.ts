// A pulled voice model (XTTS) sits in the same MODELS_DIR as chat models, but no LLM-facing list offers it and no chat
// route accepts it: /api/models, /v1/models, model switching and /v1/chat/completions.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bundledVoiceCatalog } from '../../models/src/catalog-static.ts';
import { installTinyXtts } from '../../models/src/fixtures/index.ts';
import { asUser, type TestUser } from '../src/auth/testing.ts';
import { createInferenceTestApp } from '../src/inference/testing.ts';

let t: Awaited<ReturnType<typeof createInferenceTestApp>>;
let alice: TestUser;
const voiceIds = ['test-tiny-xtts', ...bundledVoiceCatalog.map((e) => e.id)];

beforeAll(async () => {
  t = await createInferenceTestApp();
  await installTinyXtts(t.store.modelsDir);
  alice = await asUser(t.app);
}, 120_000);
afterAll(async () => {
  await t?.dispose();
});

it('lists chat models only, on /api/models and /v1/models', async () => {
  const api = (await (await alice.request('/api/models')).json()) as { models: { id: string; runtime: string }[] };
  expect(api.models.map((m) => m.id)).toContain('test-tiny-llm');
  for (const m of api.models) {
    expect(voiceIds).not.toContain(m.id);
    expect(['onnx', 'webllm', 'remote']).toContain(m.runtime);
  }
  const v1 = (await (await alice.request('/v1/models')).json()) as { data: { id: string }[] };
  expect(v1.data.map((m) => m.id)).toContain('test-tiny-llm');
  for (const m of v1.data) expect(voiceIds).not.toContain(m.id);
});

it('refuses a voice model as the chat model', async () => {
  for (const id of voiceIds) {
    const res = await alice.request('/api/models/switch', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: id }) });
    expect(res.status, id).toBe(404);
  }
  const chat = await alice.request('/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'test-tiny-xtts', messages: [{ role: 'user', content: 'Hi' }] }),
  });
  expect(chat.status).toBe(404);
});
