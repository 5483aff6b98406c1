// GET /, /health and /api/status: what this server runs, whether storage answers, what each provider is doing.
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../../app-env.ts';
import type { Clock } from '../../clock.ts';

export type ProviderState = 'ready' | 'loading' | 'unavailable' | 'error';

/** An inference provider (LLM, TTS, STT ...) as /health reports it; later issues inject real ones. */
export interface ProviderProbe {
  name: string;
  capability: 'llm' | 'tts' | 'stt' | 'voice-clone' | 'embedding';
  status(): Promise<{ state: ProviderState; detail?: string }>;
}

export interface StorageProbe {
  kind: string;
  /** Resolves true when a trivial query succeeds. */
  check(): Promise<boolean>;
}

export interface HealthDeps {
  version: string;
  clock: Clock;
  storage?: StorageProbe;
  providers?: readonly ProviderProbe[];
  /** How long one round of probes answers /health and /api/status (default 1000 ms; 0 probes every time). */
  probeTtlMs?: number;
}

/**
 * Runs `probe` at most once per ttl: the UI polls /health and monitors hammer it, and probes touch the database
 * and the disk. Requests during a probe share it instead of starting their own.
 */
function cached<T>(clock: Clock, ttlMs: number, probe: () => Promise<T>): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    const now = clock.now();
    if (!last || ttlMs <= 0 || now - last.at >= ttlMs) last = { at: now, value: probe() };
    return last.value;
  };
}

const ProviderSchema = z
  .object({
    name: z.string(),
    capability: z.string(),
    state: z.enum(['ready', 'loading', 'unavailable', 'error']),
    detail: z.string().optional(),
  })
  .openapi('ProviderStatus');

const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    version: z.string(),
    uptimeSeconds: z.number(),
    storage: z.object({ kind: z.string(), ok: z.boolean() }).nullable(),
    providers: z.array(ProviderSchema),
  })
  .openapi('Health');

const BannerSchema = z
  .object({ name: z.string(), version: z.string(), health: z.string(), docs: z.string(), openapi: z.string() })
  .openapi('Banner');

const StatusSchema = z
  .object({
    llm: z.object({
      available: z.boolean(),
      message: z.string(),
      providers: z.array(ProviderSchema),
    }),
  })
  .openapi('ServiceStatus');

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });

const bannerRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['health'],
  summary: 'Server banner (browsers asking for HTML get the app instead)',
  responses: { 200: json(BannerSchema, 'What this server is and where its docs are') },
});
const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  tags: ['health'],
  summary: 'Liveness, storage and inference providers',
  responses: { 200: json(HealthSchema, 'Healthy'), 503: json(HealthSchema, 'Storage is not answering') },
});
const statusRoute = createRoute({
  method: 'get',
  path: '/api/status',
  tags: ['health'],
  summary: 'LLM provider status',
  responses: { 200: json(StatusSchema, 'Which LLM providers this server can use') },
});

async function providerStates(providers: readonly ProviderProbe[]): Promise<z.infer<typeof ProviderSchema>[]> {
  return Promise.all(
    providers.map(async (p) => {
      // One broken provider must not break /health for the others.
      const s = await p.status().catch(() => ({ state: 'error' as const, detail: 'status check failed' }));
      return { name: p.name, capability: p.capability, ...s };
    }),
  );
}

export function createHealthRoutes(deps: HealthDeps) {
  const startedAt = deps.clock.now();
  const providers = deps.providers ?? [];
  const ttl = deps.probeTtlMs ?? 1000;
  const probeStorage = cached(deps.clock, ttl, async () => (deps.storage ? await deps.storage.check().catch(() => false) : undefined));
  const probeProviders = cached(deps.clock, ttl, () => providerStates(providers));
  const app = createRouter();

  app.openapi(bannerRoute, (c) =>
    c.json({ name: 'companion-sync', version: deps.version, health: '/health', docs: '/docs', openapi: '/openapi.json' }, 200),
  );

  app.openapi(healthRoute, async (c) => {
    const storageOk = await probeStorage();
    const body = {
      status: storageOk === false ? ('degraded' as const) : ('ok' as const),
      version: deps.version,
      uptimeSeconds: Math.max(0, Math.round((deps.clock.now() - startedAt) / 1000)),
      storage: deps.storage ? { kind: deps.storage.kind, ok: storageOk === true } : null,
      providers: await probeProviders(),
    };
    return storageOk === false ? c.json(body, 503) : c.json(body, 200);
  });

  app.openapi(statusRoute, async (c) => {
    const llm = (await probeProviders()).filter((p) => p.capability === 'llm');
    const available = llm.some((p) => p.state === 'ready');
    const message =
      llm.length === 0
        ? 'No LLM provider is configured on this server; the app runs models in the browser.'
        : available
          ? 'An LLM provider is ready.'
          : 'LLM providers are configured but none is ready.';
    return c.json({ llm: { available, message, providers: llm } }, 200);
  });

  return app;
}
