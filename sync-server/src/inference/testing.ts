// Test harness: the real app (auth, storage, API keys, chat, models, /v1) with test-tiny-llm in a temporary model store.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { GenerationResult } from '@companion/core/llm';
import { ensureTinyLlm, tinyLlmCatalogEntry, TINY_LLM_REPO } from '../../../models/src/fixtures/index.ts';
import { revisionDir, writeManifest } from '../../../models/src/download/store.ts';
import type { Catalog } from '../../../core/src/schemas/models.ts';
import { loadCatalog } from '../../../models/src/catalog.ts';
import { createApiKeyRoutes, createApiKeyStore, withApiKeys } from '../api-keys/index.ts';
import { createApp } from '../app.ts';
import { FAST_SCRYPT } from '../auth/testing.ts';
import { createAuthModule } from '../auth/index.ts';
import { ManualClock } from '../clock.ts';
import { testConfig } from '../env.ts';
import { createLogger } from '../middleware/logging/index.ts';
import { createChatRoutes } from '../routes/chat/index.ts';
import { createModelRoutes } from '../routes/models/index.ts';
import { createOpenAiRoutes } from '../routes/openai/index.ts';
import { openTestStorage } from '../storage/testing.ts';
import { loadInferenceConfig } from './config.ts';
import { createInference, createUserSettingsStore, type InferenceDeps } from './index.ts';

/** The tiny model's files laid out as `npm run models -- pull` leaves them, with a complete manifest. */
export async function tinyModelStore(): Promise<{ modelsDir: string; catalog: Catalog; dispose(): void }> {
  const fixtures = mkdtempSync(join(tmpdir(), 'inference-fixtures-'));
  const modelsDir = mkdtempSync(join(tmpdir(), 'inference-store-'));
  const src = ensureTinyLlm({ dir: fixtures });
  const entry = tinyLlmCatalogEntry(src);
  const dest = revisionDir(modelsDir, TINY_LLM_REPO, 'main');
  const files = [...entry.source.files, ...(entry.variants[0]?.files ?? [])];
  for (const f of files) {
    const to = join(dest, ...f.path.split('/'));
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(join(src, ...f.path.split('/')), to);
  }
  await writeManifest(modelsDir, {
    version: 1,
    id: entry.id,
    quant: 'fp32',
    runtime: 'onnx',
    repo: TINY_LLM_REPO,
    revision: 'main',
    resolvedRevision: null,
    complete: true,
    updatedAt: new Date(0).toISOString(),
    files: files.map((f) => ({ path: f.path, size: f.size ?? 0, sha256: f.sha256 ?? '0'.repeat(64), trust: 'catalog' as const })),
  });
  return {
    modelsDir,
    catalog: [...loadCatalog(), entry],
    dispose: () => {
      rmSync(fixtures, { recursive: true, force: true });
      rmSync(modelsDir, { recursive: true, force: true });
    },
  };
}

export interface InferenceTestAppOptions {
  /** SQLite by default; 'postgres' needs DATABASE_URL. */
  kind?: 'sqlite' | 'postgres';
  env?: Record<string, string>;
  engine?: InferenceDeps['engine'];
  fetch?: typeof fetch;
}

/** Everything main.ts wires, on a throwaway SQLite database and model store; rate limits raised out of the way. */
export async function createInferenceTestApp(opts: InferenceTestAppOptions = {}) {
  const storage = await openTestStorage(opts.kind ?? 'sqlite');
  const store = await tinyModelStore();
  const clock = new ManualClock();
  const env = {
    JWT_SECRET: randomBytes(32).toString('hex'),
    RATE_LIMIT_AUTH: '100000/60',
    RATE_LIMIT_CHAT: '100000/60',
    RATE_LIMIT_DEFAULT: '100000/60',
    WEB_DIST: '/nonexistent-web-dist',
    MODELS_DIR: store.modelsDir,
    ...opts.env,
  };
  const config = testConfig(env);
  const finished: GenerationResult[] = [];
  const inference = createInference({
    config: loadInferenceConfig(env),
    catalog: store.catalog,
    modelsDir: config.modelsDir,
    settings: createUserSettingsStore(storage.db, clock),
    engine: { onFinished: (r) => finished.push(r), ...opts.engine },
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  const keys = createApiKeyStore(storage.db, clock);
  const auth = createAuthModule({
    db: storage.db,
    clock,
    config: { jwtSecret: config.jwtSecret, registration: 'open', passwordParams: FAST_SCRYPT },
  });
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
    auth: withApiKeys(auth, keys),
    providers: inference.service.probes(),
    routes: [
      { path: '/api/chat', routes: createChatRoutes(inference.service) },
      { path: '/api/models', routes: createModelRoutes(inference.service) },
      { path: '/api/keys', routes: createApiKeyRoutes(keys) },
      { path: '/v1', routes: createOpenAiRoutes(inference.service) },
    ],
  });
  return {
    app,
    inference,
    keys,
    storage,
    finished,
    /** The temporary model store and the catalog that lists test-tiny-llm. */
    store,
    logs: () => logLines.join(''),
    async dispose() {
      await inference.close();
      await storage.dispose();
      store.dispose();
    },
  };
}
