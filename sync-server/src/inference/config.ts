// Inference settings (pool size, queue, remote providers) from the environment and config.json, parsed once at boot.
import { z } from 'zod';
import { ConfigError } from '../env.ts';

const providerSchema = z
  .object({
    /** Prefix of this provider's model ids: `<name>/<model>`. */
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and -'),
    type: z.enum(['openai', 'anthropic']),
    baseUrl: z.url({ protocol: /^https?$/ }),
    /** The key itself (config.json), or the name of the environment variable holding it (preferred). */
    apiKey: z.string().min(1).optional(),
    apiKeyEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/).optional(),
    models: z.array(z.string().min(1).max(200).regex(/^[\w.:@/-]+$/)).min(1).max(200),
  })
  .strict();

export interface RemoteProviderSettings {
  name: string;
  type: 'openai' | 'anthropic';
  baseUrl: string;
  apiKey: string | undefined;
  models: string[];
}

export interface InferenceConfig {
  /** Generations on the local engine at once (INFERENCE_CONCURRENCY, default 1). */
  concurrency: number;
  /** Requests that may wait for a slot (INFERENCE_QUEUE, default 4); the next gets 503 SERVER_BUSY. */
  maxQueue: number;
  /** Local models kept loaded at once (INFERENCE_MAX_MODELS, default 2); the least recently used idle one is freed. */
  maxLoadedModels: number;
  /** The model a user chats with until they pick one (DEFAULT_MODEL); else the first one available. */
  defaultModel: string | undefined;
  providers: RemoteProviderSettings[];
}

const schema = z.object({
  INFERENCE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  INFERENCE_QUEUE: z.coerce.number().int().min(0).max(1000).default(4),
  INFERENCE_MAX_MODELS: z.coerce.number().int().min(1).max(16).default(2),
  DEFAULT_MODEL: z.string().min(1).max(200).optional(),
  PROVIDERS: z.array(providerSchema).max(32).default([]),
});

/**
 * PROVIDERS is a JSON array in the environment, or an array under "PROVIDERS" in config.json, e.g.
 * [{"name":"ollama","type":"openai","baseUrl":"http://127.0.0.1:11434/v1","models":["llama3.2"]},
 *  {"name":"claude","type":"anthropic","baseUrl":"https://api.anthropic.com","apiKeyEnv":"ANTHROPIC_API_KEY","models":["claude-3-5-haiku-latest"]}]
 */
export function loadInferenceConfig(env: Record<string, string | undefined>, file: Record<string, unknown> = {}): InferenceConfig {
  const merged: Record<string, unknown> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key] ?? file[key];
    if (value === undefined || value === '') continue;
    if (key === 'PROVIDERS' && typeof value === 'string') {
      try {
        merged[key] = JSON.parse(value);
      } catch {
        throw new ConfigError('PROVIDERS is not valid JSON (expected an array of providers).', ['PROVIDERS']);
      }
    } else merged[key] = typeof value === 'number' ? String(value) : value;
  }
  const parsed = schema.safeParse(merged);
  if (!parsed.success) {
    // Paths and messages only: a rejected value could be an API key.
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid inference configuration: ${detail}`, [...new Set(parsed.error.issues.map((i) => String(i.path[0])))]);
  }
  const names = new Set<string>();
  const providers = parsed.data.PROVIDERS.map((p) => {
    if (names.has(p.name) || p.name === 'local') throw new ConfigError(`PROVIDERS: duplicate or reserved name "${p.name}".`, ['PROVIDERS']);
    names.add(p.name);
    const apiKey = p.apiKey ?? (p.apiKeyEnv ? env[p.apiKeyEnv] : undefined);
    if (p.apiKeyEnv && !apiKey) throw new ConfigError(`PROVIDERS: ${p.name} names ${p.apiKeyEnv}, which is not set.`, ['PROVIDERS']);
    return { name: p.name, type: p.type, baseUrl: p.baseUrl, apiKey, models: p.models };
  });
  return {
    concurrency: parsed.data.INFERENCE_CONCURRENCY,
    maxQueue: parsed.data.INFERENCE_QUEUE,
    maxLoadedModels: parsed.data.INFERENCE_MAX_MODELS,
    defaultModel: parsed.data.DEFAULT_MODEL,
    providers,
  };
}
