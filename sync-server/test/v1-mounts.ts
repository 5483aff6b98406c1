// Routers the V1 malformed-input test mounts besides the app's own: add each new domain router here.
import type { Kysely } from 'kysely';
import type { RouteMount } from '../src/app.ts';
import { ManualClock } from '../src/clock.ts';
import { createCharacterRoutes, createChatPreviewRoutes } from '../src/routes/characters/index.ts';
import { createCharacterContext, createCharacterService, createCharacterVoices } from '../src/services/characters/index.ts';
import type { Database } from '../src/storage/index.ts';
import { createApiKeyRoutes, memoryApiKeyStore } from '../src/api-keys/index.ts';
import { createInference, loadInferenceConfig, memoryUserSettings } from '../src/inference/index.ts';
import { createChatRoutes } from '../src/routes/chat/index.ts';
import { createModelRoutes } from '../src/routes/models/index.ts';
import { createOpenAiRoutes } from '../src/routes/openai/index.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withCharacterVoice } from '../src/routes/chat/character-voice.ts';
import { createChatSpeech } from '../src/routes/chat/speech.ts';
import { createTtsRoutes } from '../src/routes/tts/index.ts';
import { createVoiceRoutes } from '../src/routes/voice/index.ts';
import { createOpenAiSpeechRoutes } from '../src/routes/voice/openai-speech.ts';
import { createVoice, loadVoiceConfig } from '../src/services/voice/index.ts';

/** `db`: the probe's migrated database, for routers that keep data (characters). */
export function extraMounts(db?: Kysely<Database>): RouteMount[] {
  // No model is downloaded here: a well-formed chat gets 409 NO_MODEL, and every malformed one must get a 4xx.
  const { service } = createInference({ config: loadInferenceConfig({}), catalog: [], modelsDir: '/nonexistent-models', settings: memoryUserSettings() });
  // Speech: espeak-ng for real; files in a throwaway folder (the OS cleans tmp; the probes store nothing valid).
  const voice = db ? createVoice({ db, clock: new ManualClock(), dataDir: mkdtempSync(join(tmpdir(), 'v1-voice-')), config: loadVoiceConfig({}) }) : undefined;
  const characters = db ? createCharacterService({ db, clock: new ManualClock(), maxFileBytes: 25 * 1024 * 1024, ...(voice ? { voices: createCharacterVoices(voice) } : {}) }) : undefined;
  const characterMounts: RouteMount[] = characters
    ? [
        { path: '/api/characters', routes: createCharacterRoutes(characters) },
        { path: '/api/chat/preview', routes: createChatPreviewRoutes(createCharacterContext({ characters, clock: new ManualClock() })) },
      ]
    : [];
  const voiceMounts: RouteMount[] = voice
    ? [
        { path: '/api/tts', routes: createTtsRoutes(voice) },
        { path: '/api/voice', routes: createVoiceRoutes(voice) },
        { path: '/v1/audio', routes: createOpenAiSpeechRoutes(voice) },
      ]
    : [];
  return [
    ...characterMounts,
    ...voiceMounts,
    { path: '/api/chat', routes: createChatRoutes(service, voice && characters ? { speech: withCharacterVoice(createChatSpeech(voice), characters) } : {}) },
    { path: '/api/models', routes: createModelRoutes(service) },
    { path: '/api/keys', routes: createApiKeyRoutes(memoryApiKeyStore()) },
    { path: '/v1', routes: createOpenAiRoutes(service) },
  ];
}
