// Voice settings (synthesis pool, quotas, which XTTS model) from the environment and config.json, parsed once at boot.
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
  /** Days a synthesis history entry (text and audio) is kept; 0 keeps them until deleted. */
  historyDays: number;
  maxBytes: number;
  /** An XTTS-v2 ONNX export (shared/docs/xtts-onnx.md); without it cloned voices are stored but answer 503. */
  xttsModelDir: string | undefined;
  /**
   * XTTS_MODEL=`<catalog id>[@quant]`: which pulled voice model in MODELS_DIR to use when XTTS_MODEL_DIR is unset.
   * Unset: the first complete one found (the catalog's default quant first).
   */
  xttsModel: { id: string; quant: string | undefined } | undefined;
}

/** `xtts-v2` or `xtts-v2@int8`: a catalog id, then an optional quantisation (the manifest naming of the store). */
const XTTS_MODEL = /^([a-z0-9][a-z0-9.-]{1,80})(?:@([\w-]{1,40}))?$/;

const schema = z.object({
  TTS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  TTS_QUEUE: z.coerce.number().int().min(0).max(1000).default(4),
  TTS_MAX_CHARS: z.coerce.number().int().min(1).max(100_000).default(4000),
  VOICE_MAX_SAMPLES: z.coerce.number().int().min(0).max(10_000).default(20),
  VOICE_MAX_MODELS: z.coerce.number().int().min(0).max(10_000).default(20),
  VOICE_MAX_BYTES: z.coerce.number().int().min(0).default(200 * 1024 * 1024),
  VOICE_HISTORY_DAYS: z.coerce.number().int().min(0).max(36_500).default(30),
  XTTS_MODEL_DIR: z.string().trim().min(1).optional(),
  XTTS_MODEL: z.string().trim().regex(XTTS_MODEL, 'a voice model id, optionally @quant (e.g. xtts-v2@int8)').optional(),
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
  if (d.XTTS_MODEL_DIR !== undefined && d.XTTS_MODEL !== undefined) {
    // Two answers to "which XTTS?" would leave one silently ignored.
    throw new ConfigError('Invalid voice configuration: set XTTS_MODEL_DIR (a folder) or XTTS_MODEL (a pulled model), not both', ['XTTS_MODEL_DIR', 'XTTS_MODEL']);
  }
  const model = d.XTTS_MODEL === undefined ? null : XTTS_MODEL.exec(d.XTTS_MODEL);
  return {
    concurrency: d.TTS_CONCURRENCY,
    maxQueue: d.TTS_QUEUE,
    maxChars: d.TTS_MAX_CHARS,
    maxSamples: d.VOICE_MAX_SAMPLES,
    maxModels: d.VOICE_MAX_MODELS,
    maxBytes: d.VOICE_MAX_BYTES,
    historyDays: d.VOICE_HISTORY_DAYS,
    xttsModelDir: d.XTTS_MODEL_DIR === undefined ? undefined : isAbsolute(d.XTTS_MODEL_DIR) ? d.XTTS_MODEL_DIR : resolve(cwd, d.XTTS_MODEL_DIR),
    xttsModel: model?.[1] ? { id: model[1], quant: model[2] } : undefined,
  };
}
