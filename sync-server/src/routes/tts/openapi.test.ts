// The speech routes appear in /openapi.json (the multipart uploads included), so docs and the V1 sweep see them.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createVoiceTestApp } from '../../services/voice/testing.ts';

let t: Awaited<ReturnType<typeof createVoiceTestApp>>;
beforeAll(async () => {
  t = await createVoiceTestApp();
});
afterAll(() => t?.dispose());

it('documents every speech route', async () => {
  const doc = (await (await t.app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
  const expected: [string, string][] = [
    ['/api/tts/health', 'get'], ['/api/tts/generate', 'post'], ['/api/tts/stream', 'post'], ['/api/tts/visemes', 'post'], ['/api/tts/voices', 'get'],
    ['/api/tts/clone', 'post'], ['/api/tts/clone/profiles', 'get'], ['/api/tts/clone/profiles/{id}', 'delete'],
    ['/api/voice/health', 'get'], ['/api/voice/upload', 'post'], ['/api/voice/clone', 'post'], ['/api/voice/synthesize', 'post'],
    ['/api/voice/models', 'get'], ['/api/voice/models/{id}', 'get'], ['/api/voice/models/{id}', 'patch'], ['/api/voice/models/{id}', 'delete'],
    ['/api/voice/history', 'get'], ['/v1/audio/speech', 'post'],
  ];
  for (const [path, method] of expected) expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
});
