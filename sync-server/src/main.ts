// Entry point: read the configuration once, open storage, build the app, listen, shut down cleanly on signals.
import { Redis } from 'ioredis';
import { createApp } from './app.ts';
import { bundledCatalog, bundledVoiceCatalog } from '../../models/src/catalog-static.ts';
import { withLocalCatalog, withLocalVoiceCatalog } from '../../models/src/catalog.ts';
import { createApiKeyRoutes, createApiKeyStore, withApiKeys } from './api-keys/index.ts';
import { createAuthModule } from './auth/index.ts';
import { systemClock } from './clock.ts';
import { ConfigError, JWT_SECRET_HELP, loadConfig, readConfigFile, type Config } from './env.ts';
import { createInference, createUserSettingsStore, loadInferenceConfig, type InferenceConfig } from './inference/index.ts';
import { createLogger } from './middleware/logging/index.ts';
import { createRateLimiters } from './middleware/rate-limit/index.ts';
import { listen, PortInUseError } from './server.ts';
import { createCharacterRoutes, createChatPreviewRoutes } from './routes/characters/index.ts';
import { createChatRoutes } from './routes/chat/index.ts';
import { createModelStoreRoutes } from './routes/model-store/index.ts';
import { createModelRoutes } from './routes/models/index.ts';
import { createOpenAiRoutes } from './routes/openai/index.ts';
import { createCharacterContext, createCharacterService, createCharacterVoices } from './services/characters/index.ts';
import { type CharacterQuota, loadCharacterQuota } from './services/characters/config.ts';
import { createVoice, loadVoiceConfig } from './services/voice/index.ts';
import { xttsLoader } from './services/voice/xtts-source.ts';
import { createChatSpeech } from './routes/chat/speech.ts';
import { withCharacterVoice } from './routes/chat/character-voice.ts';
import { createTtsRoutes } from './routes/tts/index.ts';
import { createVoiceRoutes } from './routes/voice/index.ts';
import { createOpenAiSpeechRoutes } from './routes/voice/openai-speech.ts';
import { createStorage } from './storage/index.ts';

function fail(lines: string[]): never {
  process.stderr.write(`\n${lines.join('\n')}\n\n`);
  process.exit(1);
}

function readConfig(): Config {
  try {
    // .env fills in what the environment lacks; variables already set win.
    process.loadEnvFile('.env');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  try {
    return loadConfig(process.env, { file: readConfigFile(process.env) });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    if (err.keys.includes('JWT_SECRET')) {
      fail([
        `Refusing to start: ${err.message.replace(JWT_SECRET_HELP, '').trim()}`,
        'JWT_SECRET signs every login token; it must be at least 32 random bytes (64 hex characters).',
        'Generate one with:',
        '  openssl rand -hex 32',
        `  node -e "console.log(require('node:crypto').randomBytes(32).toString('hex'))"`,
        'and set it in the environment or in .env:  JWT_SECRET=<that value>',
      ]);
    }
    fail([`Refusing to start: ${err.message}`]);
  }
}

/** INFERENCE_CONCURRENCY, INFERENCE_QUEUE, DEFAULT_MODEL and PROVIDERS (see src/inference/config.ts). */
function readInferenceConfig(): InferenceConfig {
  try {
    return loadInferenceConfig(process.env, readConfigFile(process.env));
  } catch (err) {
    if (err instanceof ConfigError) fail([`Refusing to start: ${err.message}`]);
    throw err;
  }
}

/** CHARACTER_MAX_COUNT and CHARACTER_MAX_BYTES (src/services/characters/config.ts). */
function readCharacterQuota(): CharacterQuota {
  try {
    return loadCharacterQuota(process.env, readConfigFile(process.env));
  } catch (err) {
    if (err instanceof ConfigError) fail([`Refusing to start: ${err.message}`]);
    throw err;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const characterQuota = readCharacterQuota();
  const inferenceConfig = readInferenceConfig();
  let voiceConfig;
  try {
    // TTS_CONCURRENCY, TTS_QUEUE, TTS_MAX_CHARS, VOICE_MAX_SAMPLES/MODELS/BYTES, XTTS_MODEL_DIR, XTTS_MODEL (src/services/voice/config.ts).
    voiceConfig = loadVoiceConfig(process.env, readConfigFile(process.env));
  } catch (err) {
    if (err instanceof ConfigError) fail([`Refusing to start: ${err.message}`]);
    throw err;
  }
  const logger = createLogger(config);
  const storage = createStorage({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    await storage.migrate();
  } catch (err) {
    const where = storage.kind === 'postgres' ? 'PostgreSQL at DATABASE_URL' : `SQLite in DATA_DIR (${config.dataDir})`;
    fail([
      `Cannot open the database: ${where}.`,
      `${(err as Error).message}${(err as Error).cause instanceof Error ? `: ${((err as Error).cause as Error).message}` : ''}`,
      storage.kind === 'postgres'
        ? 'Check that PostgreSQL is running and the URL (user, host, port, database) is right, or unset DATABASE_URL to use SQLite.'
        : 'Check that DATA_DIR is writable.',
    ]);
  }

  // Several server processes share one count through Redis; no offline queue, so a dead Redis fails fast
  // and the limiter falls back to memory instead of hanging requests.
  const redis = config.redisUrl ? new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }) : undefined;
  redis?.on('error', (err: Error) => logger.warn({ err: { message: err.message } }, 'redis error'));
  const rateLimiters = createRateLimiters(config.rateLimits, { redis });

  const auth = createAuthModule({
    db: storage.db,
    config: { jwtSecret: config.jwtSecret, registration: config.registration },
    clock: systemClock,
    // Deleting an account removes its voice files too (called on requests, once `voice` below exists).
    onAccountDeleted: (userId) => voice.removeUserFiles(userId),
  });
  // XTTS from XTTS_MODEL_DIR, else a voice model pulled into MODELS_DIR (XTTS_MODEL picks one), checked (C3) before
  // it loads. espeak-ng, Silero VAD and XTTS load on first use, not here.
  let voiceCatalog;
  try {
    // The operator's own voice entries (MODELS_DIR/.catalog/voice, where `npm run models -- fixtures` lists test-tiny-xtts) count too.
    voiceCatalog = withLocalVoiceCatalog(bundledVoiceCatalog, config.modelsDir);
  } catch (err) {
    fail([`Refusing to start: ${(err as Error).message}`]);
  }
  let xtts;
  try {
    xtts = await xttsLoader({ config: voiceConfig, modelsDir: config.modelsDir, catalog: voiceCatalog });
  } catch (err) {
    if (err instanceof ConfigError) fail([`Refusing to start: ${err.message}`]);
    throw err;
  }
  const voice = createVoice({ db: storage.db, clock: systemClock, dataDir: config.dataDir, config: voiceConfig, ...(xtts ? { loaders: { xtts } } : {}) });
  const characters = createCharacterService({
    db: storage.db,
    clock: systemClock,
    maxFileBytes: config.uploadLimitBytes,
    voices: createCharacterVoices(voice),
    quota: characterQuota,
  });
  // Chat replies are written as the user's active character: prompt assembly plugs into the chat service here.
  const characterContext = createCharacterContext({ characters, clock: systemClock });
  let localCatalog;
  try {
    localCatalog = withLocalCatalog(bundledCatalog, config.modelsDir);
  } catch (err) {
    fail([`Refusing to start: ${(err as Error).message}`]);
  }
  // Models load on the first chat that needs them, not here: start-up stays fast without any model downloaded.
  const inference = createInference({
    config: inferenceConfig,
    // Compiled in (static JSON imports), so the bundled server needs no models/ folder beside it; plus the
    // operator's own entries in MODELS_DIR/.catalog (a clash with a bundled id stops the start, named below).
    catalog: localCatalog,
    modelsDir: config.modelsDir,
    settings: createUserSettingsStore(storage.db, systemClock),
    context: characterContext.provider,
  });
  const apiKeys = createApiKeyStore(storage.db, systemClock);
  const app = createApp({
    config,
    clock: systemClock,
    logger,
    storage: { kind: storage.kind, check: () => storage.health() },
    // /v1/* also accepts per-user API keys (Bearer cmp_...); every other protected path takes access tokens only.
    auth: withApiKeys(auth, apiKeys),
    rateLimiters,
    providers: [...inference.service.probes(), ...voice.registry.probes()],
    // Cards with big lorebooks or embedded pictures outgrow the JSON limit, and one imported by file must stay
    // editable with PUT; the upload limit still caps every body while it streams.
    uploadPrefixes: ['/api/characters', '/api/tts/clone', '/api/voice/upload'],
    routes: [
      { path: '/models', routes: createModelStoreRoutes({ modelsDir: config.modelsDir, catalog: [...localCatalog, ...voiceCatalog] }) },
      // Before /api/chat so the preview's own router answers its path; the chat router has no /preview route either way.
      { path: '/api/chat/preview', routes: createChatPreviewRoutes(characterContext) },
      { path: '/api/chat', routes: createChatRoutes(inference.service, { speech: withCharacterVoice(createChatSpeech(voice), characters) }) },
      { path: '/api/tts', routes: createTtsRoutes(voice) },
      { path: '/api/voice', routes: createVoiceRoutes(voice) },
      { path: '/v1/audio', routes: createOpenAiSpeechRoutes(voice) },
      { path: '/api/characters', routes: createCharacterRoutes(characters) },
      { path: '/api/models', routes: createModelRoutes(inference.service) },
      { path: '/api/keys', routes: createApiKeyRoutes(apiKeys) },
      { path: '/v1', routes: createOpenAiRoutes(inference.service) },
    ],
  });

  // Files no row or account points at (a crash between writing a file and its row, a deleted account's folder that
  // could not be removed) are swept at start and hourly; files younger than an hour are left to their writer.
  const sweepFiles = () =>
    voice
      .sweepFiles()
      .then((r) => (r.removed + r.folders > 0 ? logger.info(r, 'orphan voice files removed') : undefined))
      .catch((err: unknown) => logger.warn({ err: { message: (err as Error).message } }, 'voice file sweep failed'));
  void sweepFiles();
  // Synthesis history past VOICE_HISTORY_DAYS goes with its audio, at start and hourly with the sweep below.
  const purgeHistory = () =>
    voice.library
      .purgeHistory()
      .then((n) => (n > 0 ? logger.info({ removed: n }, 'old voice history removed') : undefined))
      .catch((err: unknown) => logger.warn({ err: { message: (err as Error).message } }, 'voice history purge failed'));
  void purgeHistory();
  // Expired refresh tokens and empty sessions are garbage; sweeping hourly keeps the tables small.
  const purge = setInterval(() => {
    auth.service.purgeExpired().catch((err: unknown) => logger.warn({ err: { message: (err as Error).message } }, 'token purge failed'));
    void sweepFiles();
    void purgeHistory();
  }, 60 * 60 * 1000);
  purge.unref();

  let running;
  try {
    running = await listen(app.fetch, { port: config.port, host: config.host, tls: config.tls });
  } catch (err) {
    if (err instanceof PortInUseError) {
      fail([
        `Cannot start: port ${err.port} on ${err.host} is already in use.`,
        'Another server (perhaps another copy of this one) is listening there. Stop it, or choose another port:',
        '  APP_PORT=3001 npm start',
      ]);
    }
    throw err;
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) process.exit(1); // a second Ctrl-C means "now"
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await running.close(10_000);
    await Promise.allSettled([storage.close(), redis?.quit(), inference.close(), voice.registry.close()]);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  // Announced only once signals are handled: a supervisor may stop the server as soon as it reads this line.
  logger.info({ url: running.url, storage: storage.kind, rateLimits: redis ? 'redis' : 'memory' }, 'listening');
  // One plain line for people reading the terminal rather than the JSON log.
  process.stdout.write(`Companion server listening on ${running.url}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`Server failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
