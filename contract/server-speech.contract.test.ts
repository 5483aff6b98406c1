// The web app's server-voice client against the real /api/tts routes (espeak-ng in worker threads, throwaway
// SQLite), signed in through the web AccountSession.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVoiceTestApp } from '../sync-server/src/services/voice/testing.ts';
import { AccountSession, memorySessionStore } from '../web/src/features/account/account-session.ts';
import { listServerVoices, speakOnServer } from '../web/src/features/voice/server-speech.ts';

let t: Awaited<ReturnType<typeof createVoiceTestApp>>;
let session: AccountSession;

beforeAll(async () => {
  t = await createVoiceTestApp();
  session = new AccountSession({
    baseUrl: 'http://localhost',
    store: memorySessionStore(),
    fetch: (input, init) => Promise.resolve(t.app.request(String(input), init)),
    lock: (_, task) => task(),
  });
  await session.register('speaker_1', 'correct horse battery');
});
afterAll(async () => {
  await t.dispose();
});

const authorized = (path: string, init?: RequestInit) => session.authorizedFetch(path, init);

describe('server voices from the web client', () => {
  it('lists the server voices and speaks a sentence as playable samples with a mouth track', async () => {
    const voices = await listServerVoices(authorized);
    const english = voices.find((v) => v.engine === 'espeak-ng' && v.languages.includes('en-us'));
    expect(english?.id).toBe('gmw/en-US');
    const spoken = await speakOnServer(authorized, 'Hello from your own server.', english?.id ?? '');
    expect(spoken.sampleRate).toBeGreaterThanOrEqual(16_000);
    // About two seconds of speech, not silence, with the mouth moving.
    expect(spoken.durationMs).toBeGreaterThan(800);
    expect(spoken.durationMs).toBeLessThan(6000);
    expect(Math.max(...spoken.samples.map(Math.abs))).toBeGreaterThan(0.05);
    expect(spoken.mouth.some((f) => f.open > 0.2)).toBe(true);
    expect(spoken.mouth.at(-1)?.timeMs ?? 0).toBeLessThanOrEqual(spoken.durationMs + 50);
  });

  it('turns the server refusal of an unknown voice into a coded error', async () => {
    await expect(speakOnServer(authorized, 'Hi.', 'clone:00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: expect.stringMatching(/VOICE|NOT_FOUND/) });
  });

  it('is refused when signed out', async () => {
    const anonymous = (path: string, init?: RequestInit) => Promise.resolve(t.app.request(path, init));
    await expect(listServerVoices(anonymous)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
