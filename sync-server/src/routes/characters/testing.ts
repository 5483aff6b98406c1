// Test helper: the real app, auth and storage with the characters and chat-preview routes mounted as main.ts does.
import { randomBytes } from 'node:crypto';
import { createApp } from '../../app.ts';
import { FAST_SCRYPT } from '../../auth/testing.ts';
import { createAuthModule } from '../../auth/index.ts';
import { ManualClock } from '../../clock.ts';
import { testConfig } from '../../env.ts';
import { createLogger } from '../../middleware/logging/index.ts';
import { createCharacterContext, createCharacterService } from '../../services/characters/index.ts';
import { openTestStorage } from '../../storage/testing.ts';
import { createCharacterRoutes, createChatPreviewRoutes } from './index.ts';

/** As main.ts: card bodies (files and JSON) take UPLOAD_LIMIT_BYTES. */
export const CHARACTER_UPLOAD_PREFIXES = ['/api/characters'];

export async function createCharactersTestApp(kind: 'sqlite' | 'postgres' = 'sqlite', env: Record<string, string> = {}) {
  const storage = await openTestStorage(kind);
  const clock = new ManualClock();
  const config = testConfig({
    JWT_SECRET: randomBytes(32).toString('hex'),
    REGISTRATION: 'open',
    RATE_LIMIT_AUTH: '100000/60',
    RATE_LIMIT_DEFAULT: '100000/60',
    WEB_DIST: '/nonexistent-web-dist',
    ...env,
  });
  const auth = createAuthModule({
    db: storage.db,
    clock,
    config: { jwtSecret: config.jwtSecret, registration: config.registration, passwordParams: FAST_SCRYPT },
  });
  const characters = createCharacterService({ db: storage.db, clock, maxFileBytes: config.uploadLimitBytes });
  const context = createCharacterContext({ characters, clock });
  const app = createApp({
    config,
    clock,
    logger: createLogger({ logLevel: 'silent' }),
    auth,
    routes: [
      { path: '/api/characters', routes: createCharacterRoutes(characters) },
      { path: '/api/chat/preview', routes: createChatPreviewRoutes(context) },
    ],
    uploadPrefixes: CHARACTER_UPLOAD_PREFIXES,
  });
  return { app, auth, storage, clock, config, characters, context, dispose: () => storage.dispose() };
}
