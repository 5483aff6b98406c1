// Voice settings (synthesis pool, quotas, XTTS model folder) from the environment and config.json, parsed once at boot.
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../../env.ts';

export interface VoiceConfig {
  /** Syntheses at once (TTS_CONCURRENCY, default 1: espeak-ng and XTTS are CPU-bound). */
  concurrency: number;
  /** Requests that may wait for a slot (TTS_QUEUE, default 4); the next gets 503 SERVER_BUSY with Retry-After. */
  maxQueue: number;
  /** Longest text one synthesis request takes (TTS_MAX_CHARS). */
  maxChars: number;
  /** Per-user quotas (U5): samples, voice models, and bytes of stored samples and voices together. */
  maxSamples: number;
  maxModels: number;
  maxBytes: number;
  /** An XTTS-v2 ONNX export (shared/docs/xtts-onnx.md); without it cloned voices are stored but answer 503. */
  xttsModelDir: string | undefined;
}

const schema = z.object({
  TTS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  TTS_QUEUE: z.coerce.number().int().min(0).max(1000).default(4),
  TTS_MAX_CHARS: z.coerce.number().int().min(1).max(100_000).default(4000),
  VOICE_MAX_SAMPLES: z.coerce.number().int().min(0).max(10_000).default(20),
  VOICE_MAX_MODELS: z.coerce.number().int().min(0).max(10_000).default(20),
  VOICE_MAX_BYTES: z.coerce.number().int().min(0).default(200 * 1024 * 1024),
  XTTS_MODEL_DIR: z.string().trim().min(1).optional(),
});

export function loadVoiceConfig(env: Record<string, string | undefined>, file: Record<string, unknown> = {}, cwd = process.cwd()): VoiceConfig {
  const merged: Record<string, unknown> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key] ?? file[key];
    if (value === undefined || value === '') continue;
    merged[key] = typeof value === 'number' ? String(value) : value;
  }
  const parsed = schema.safeParse(merged);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid voice configuration: ${detail}`, [...new Set(parsed.error.issues.map((i) => String(i.path[0])))]);
  }
  const d = parsed.data;
  return {
    concurrency: d.TTS_CONCURRENCY,
    maxQueue: d.TTS_QUEUE,
    maxChars: d.TTS_MAX_CHARS,
    maxSamples: d.VOICE_MAX_SAMPLES,
    maxModels: d.VOICE_MAX_MODELS,
    maxBytes: d.VOICE_MAX_BYTES,
    xttsModelDir: d.XTTS_MODEL_DIR === undefined ? undefined : isAbsolute(d.XTTS_MODEL_DIR) ? d.XTTS_MODEL_DIR : resolve(cwd, d.XTTS_MODEL_DIR),
  };
}
