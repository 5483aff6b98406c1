// Test helper: the real app, auth and storage with the characters and chat-preview routes mounted as main.ts does.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../app.ts';
import { FAST_SCRYPT } from '../../auth/testing.ts';
import { createAuthModule } from '../../auth/index.ts';
import { ManualClock } from '../../clock.ts';
import { testConfig } from '../../env.ts';
import { loadInferenceConfig } from '../../inference/config.ts';
import { createInference, createUserSettingsStore } from '../../inference/index.ts';
import { tinyModelStore } from '../../inference/testing.ts';
import { createLogger } from '../../middleware/logging/index.ts';
import { createCharacterContext, createCharacterService, createCharacterVoices } from '../../services/characters/index.ts';
import { loadCharacterQuota } from '../../services/characters/config.ts';
import { createVoice, loadVoiceConfig, type EngineLoaders } from '../../services/voice/index.ts';
import { openTestStorage } from '../../storage/testing.ts';
import { withCharacterVoice } from '../chat/character-voice.ts';
import { createChatRoutes } from '../chat/index.ts';
import { createChatSpeech } from '../chat/speech.ts';
import { createTtsRoutes } from '../tts/index.ts';
import { createVoiceRoutes } from '../voice/index.ts';
import { createCharacterRoutes, createChatPreviewRoutes } from './index.ts';

/** As main.ts: card bodies (files and JSON) take UPLOAD_LIMIT_BYTES. */
export const CHARACTER_UPLOAD_PREFIXES = ['/api/characters'];

export interface CharactersTestOptions {
  /** Voice engines (XTTS from test-tiny-xtts, say); espeak-ng by default, loaded on first use. */
  loaders?: EngineLoaders;
  /** Mount /api/chat (test-tiny-llm, speaking as the active character), /api/tts and /api/voice too. */
  chat?: boolean;
}

export async function createCharactersTestApp(kind: 'sqlite' | 'postgres' = 'sqlite', env: Record<string, string> = {}, opts: CharactersTestOptions = {}) {
  const storage = await openTestStorage(kind);
  const models = opts.chat ? await tinyModelStore() : undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'characters-data-'));
  const clock = new ManualClock();
  const allEnv = {
    JWT_SECRET: randomBytes(32).toString('hex'),
    REGISTRATION: 'open',
    RATE_LIMIT_AUTH: '100000/60',
    RATE_LIMIT_DEFAULT: '100000/60',
    RATE_LIMIT_CHAT: '100000/60',
    RATE_LIMIT_SYNTHESIS: '100000/60',
    RATE_LIMIT_VOICE_CLONE: '100000/60',
    WEB_DIST: '/nonexistent-web-dist',
    MODELS_DIR: models?.modelsDir ?? '/nonexistent-models',
    ...env,
  };
  const config = testConfig(allEnv);
  const auth = createAuthModule({
    db: storage.db,
    clock,
    config: { jwtSecret: config.jwtSecret, registration: config.registration, passwordParams: FAST_SCRYPT },
  });
  // Engines load on first use: tests that never speak never start espeak-ng.
  const voice = createVoice({ db: storage.db, clock, dataDir, config: loadVoiceConfig(allEnv), ...(opts.loaders ? { loaders: opts.loaders } : {}) });
  const characters = createCharacterService({ db: storage.db, clock, maxFileBytes: config.uploadLimitBytes, voices: createCharacterVoices(voice), quota: loadCharacterQuota(allEnv) });
  const context = createCharacterContext({ characters, clock });
  const inference = models
    ? createInference({
        config: loadInferenceConfig(allEnv),
        catalog: models.catalog,
        modelsDir: config.modelsDir,
        settings: createUserSettingsStore(storage.db, clock),
        context: context.provider,
      })
    : undefined;
  const app = createApp({
    config,
    clock,
    logger: createLogger({ logLevel: 'silent' }),
    auth,
    routes: [
      { path: '/api/characters', routes: createCharacterRoutes(characters) },
      { path: '/api/chat/preview', routes: createChatPreviewRoutes(context) },
      ...(inference
        ? [
            { path: '/api/chat', routes: createChatRoutes(inference.service, { speech: withCharacterVoice(createChatSpeech(voice), characters) }) },
            { path: '/api/tts', routes: createTtsRoutes(voice) },
            { path: '/api/voice', routes: createVoiceRoutes(voice) },
          ]
        : []),
    ],
    uploadPrefixes: [...CHARACTER_UPLOAD_PREFIXES, '/api/tts/clone', '/api/voice/upload'],
  });
  return {
    app,
    auth,
    storage,
    clock,
    config,
    characters,
    context,
    voice,
    dataDir,
    async dispose() {
      await inference?.close();
      await voice.registry.close();
      await storage.dispose();
      models?.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
