// Per-user character quotas (CHARACTER_MAX_COUNT, CHARACTER_MAX_BYTES) from the environment and config.json, parsed once at boot.
import { z } from 'zod';
import { ConfigError } from '../../env.ts';

export interface CharacterQuota {
  /** Characters one user may keep (CHARACTER_MAX_COUNT, default 500). */
  maxCount: number;
  /** Bytes of card data, pictures and packed files one user may keep (CHARACTER_MAX_BYTES, default 200 MiB). */
  maxBytes: number;
}

export const DEFAULT_CHARACTER_QUOTA: CharacterQuota = { maxCount: 500, maxBytes: 200 * 1024 * 1024 };

const schema = z.object({
  CHARACTER_MAX_COUNT: z.coerce.number().int().min(0).max(1_000_000).default(DEFAULT_CHARACTER_QUOTA.maxCount),
  CHARACTER_MAX_BYTES: z.coerce.number().int().min(0).default(DEFAULT_CHARACTER_QUOTA.maxBytes),
});

export function loadCharacterQuota(env: Record<string, string | undefined>, file: Record<string, unknown> = {}): CharacterQuota {
  const merged: Record<string, unknown> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key] ?? file[key];
    if (value === undefined || value === '') continue;
    merged[key] = typeof value === 'number' ? String(value) : value;
  }
  const parsed = schema.safeParse(merged);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid character configuration: ${detail}`, [...new Set(parsed.error.issues.map((i) => String(i.path[0])))]);
  }
  return { maxCount: parsed.data.CHARACTER_MAX_COUNT, maxBytes: parsed.data.CHARACTER_MAX_BYTES };
}
