// Test harness: the real app with the voice routes (tts, voice, /v1/audio, chat with speech) on a throwaway database.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { VoiceActivityDetector } from '@companion/core/audio';
import { createApp } from '../../app.ts';
import { FAST_SCRYPT } from '../../auth/testing.ts';
import { createAuthModule } from '../../auth/index.ts';
import { ManualClock } from '../../clock.ts';
import { testConfig } from '../../env.ts';
import { loadInferenceConfig } from '../../inference/config.ts';
import { createInference, createUserSettingsStore, type InferenceDeps } from '../../inference/index.ts';
import type { GenerationResult } from '@companion/core/llm';
import { tinyModelStore } from '../../inference/testing.ts';
import { createLogger } from '../../middleware/logging/index.ts';
import { createChatRoutes } from '../../routes/chat/index.ts';
import { createChatSpeech } from '../../routes/chat/speech.ts';
import { createOpenAiRoutes } from '../../routes/openai/index.ts';
import { createTtsRoutes } from '../../routes/tts/index.ts';
import { createOpenAiSpeechRoutes } from '../../routes/voice/openai-speech.ts';
import { createVoiceRoutes } from '../../routes/voice/index.ts';
import { openTestStorage } from '../../storage/testing.ts';
import { loadVoiceConfig } from './config.ts';
import type { EngineLoaders } from './engines.ts';
import { createVoice } from './index.ts';

export interface VoiceTestAppOptions {
  kind?: 'sqlite' | 'postgres';
  /** Extra environment (TTS_CONCURRENCY, VOICE_MAX_SAMPLES, RATE_LIMIT_* ...). */
  env?: Record<string, string>;
  loaders?: EngineLoaders;
  vad?: () => Promise<VoiceActivityDetector>;
  /** Set up test-tiny-llm for the chat stream (costs a model store copy). */
  chat?: boolean;
  engine?: InferenceDeps['engine'];
}

export async function createVoiceTestApp(opts: VoiceTestAppOptions = {}) {
  const storage = await openTestStorage(opts.kind ?? 'sqlite');
  const store = opts.chat ? await tinyModelStore() : undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'voice-data-'));
  const clock = new ManualClock();
  const env = {
    JWT_SECRET: randomBytes(32).toString('hex'),
    RATE_LIMIT_AUTH: '100000/60',
    RATE_LIMIT_CHAT: '100000/60',
    RATE_LIMIT_SYNTHESIS: '100000/60',
    RATE_LIMIT_VOICE_CLONE: '100000/60',
    RATE_LIMIT_DEFAULT: '100000/60',
    WEB_DIST: '/nonexistent-web-dist',
    MODELS_DIR: store?.modelsDir ?? '/nonexistent-models',
    ...opts.env,
  };
  const config = testConfig(env);
  const finished: GenerationResult[] = [];
  const inference = createInference({
    config: loadInferenceConfig(env),
    catalog: store?.catalog ?? [],
    modelsDir: config.modelsDir,
    settings: createUserSettingsStore(storage.db, clock),
    engine: { onFinished: (r) => finished.push(r), ...opts.engine },
  });
  const voice = createVoice({ db: storage.db, clock, dataDir, config: loadVoiceConfig(env), ...(opts.loaders ? { loaders: opts.loaders } : {}), ...(opts.vad ? { vad: opts.vad } : {}) });
  const auth = createAuthModule({ db: storage.db, clock, config: { jwtSecret: config.jwtSecret, registration: 'open', passwordParams: FAST_SCRYPT } });
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  const app = createApp({
    config: { ...config, logLevel: 'trace' },
    clock,
    logger: createLogger({ logLevel: 'trace' }, sink),
    storage: { kind: storage.kind, check: () => storage.health() },
    auth,
    providers: [...inference.service.probes(), ...voice.registry.probes()],
    uploadPrefixes: ['/api/tts/clone', '/api/voice/upload'],
    routes: [
      { path: '/api/chat', routes: createChatRoutes(inference.service, { speech: createChatSpeech(voice) }) },
      { path: '/api/tts', routes: createTtsRoutes(voice) },
      { path: '/api/voice', routes: createVoiceRoutes(voice) },
      { path: '/v1/audio', routes: createOpenAiSpeechRoutes(voice) },
      { path: '/v1', routes: createOpenAiRoutes(inference.service) },
    ],
  });
  return {
    app,
    voice,
    inference,
    finished,
    storage,
    clock,
    dataDir,
    logs: () => logLines.join(''),
    async dispose() {
      await inference.close();
      await voice.registry.close();
      await storage.dispose();
      store?.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
