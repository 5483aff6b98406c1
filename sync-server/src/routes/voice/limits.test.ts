// Cloning's own rate-limit tier (R2: 20/hour by default) and mutated uploads over HTTP (U3): never a 5xx; SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, type TestUser } from '../../auth/testing.ts';
import { createVoiceTestApp } from '../../services/voice/testing.ts';
import { storageKinds, warnIfPostgresSkipped } from '../../storage/testing.ts';
import { speechWav } from './fixtures.ts';

warnIfPostgresSkipped();

const form = (file: Uint8Array, fields: Record<string, string>) => {
  const f = new FormData();
  f.set('audio_file', new Blob([file as Uint8Array<ArrayBuffer>]), 'a.wav');
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

describe('voiceClone tier', () => {
  let t: Awaited<ReturnType<typeof createVoiceTestApp>>;
  beforeAll(async () => {
    t = await createVoiceTestApp({ env: { RATE_LIMIT_VOICE_CLONE: '2/3600' } });
  });
  afterAll(() => t?.dispose());

  it('POST /api/tts/clone and /api/voice/clone share one per-user budget; over it, 429 with Retry-After and RateLimit-*', async () => {
    const u = await asUser(t.app);
    const junk = () => u.request('/api/tts/clone', { method: 'POST', body: form(new Uint8Array(100), { profile_name: 'x' }) });
    expect((await junk()).status).toBe(415);
    const viaVoice = await u.request('/api/voice/clone', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(viaVoice.status).toBe(400);
    const limited = await junk();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('ratelimit-limit')).toBe('2');
    // Listing profiles and synthesis are other tiers; another user has a budget of their own.
    expect((await u.request('/api/tts/clone/profiles')).status).toBe(200);
    const other = await asUser(t.app);
    expect((await other.request('/api/tts/clone', { method: 'POST', body: form(new Uint8Array(100), { profile_name: 'x' }) })).status).toBe(415);
  });
});

describe.each(storageKinds)('mutated uploads over HTTP ($kind)', ({ kind, skip }) => {
  let t: Awaited<ReturnType<typeof createVoiceTestApp>>;
  let u: TestUser;
  let clean: Uint8Array;
  beforeAll(async () => {
    if (skip) return;
    t = await createVoiceTestApp({ kind, env: { VOICE_MAX_SAMPLES: '1000', VOICE_MAX_MODELS: '1000' } });
    u = await asUser(t.app);
    clean = (await speechWav(3.5)).bytes;
  }, 60_000);
  afterAll(() => t?.dispose());

  it.skipIf(skip)('lying sizes, truncation and flipped header bytes end in 201 or a 4xx, never a 5xx', async () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const statuses = new Map<number, number>();
    for (let i = 0; i < 60; i++) {
      const m = clean.slice(0, i % 5 === 0 ? Math.floor(rand() * clean.length) : clean.length);
      const view = new DataView(m.buffer);
      if (i % 3 === 0 && m.length >= 44) view.setUint32([4, 16, 40][Math.floor(rand() * 3)]!, [0, 0xffffffff, 0x7fffffff][Math.floor(rand() * 3)]!, true);
      for (let k = 0; k < 3; k++) m[Math.floor(rand() * Math.min(64, m.length))] = Math.floor(rand() * 256);
      const res = await u.request('/api/tts/clone', { method: 'POST', body: form(m, { profile_name: `m${i}` }) });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status, `mutation ${i}`).toBeLessThan(500);
      if (res.status >= 400) expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(/^[A-Z_]+$/);
    }
    // The mutations did reach the WAV reader: some were refused as audio errors.
    expect([...statuses.keys()].some((s) => s === 422 || s === 415)).toBe(true);
  });
});
