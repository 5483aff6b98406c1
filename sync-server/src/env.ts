// Server configuration: parsed and validated once at start from the environment and an optional config.json.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Thrown for any invalid or missing setting; main.ts prints it and exits non-zero. */
export class ConfigError extends Error {
  constructor(
    message: string,
    /** The settings at fault, e.g. ['JWT_SECRET']. */
    readonly keys: string[] = [],
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The repository root: src/env.ts and dist/main.js both sit two levels below it. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const JWT_SECRET_HELP =
  'Generate one with `openssl rand -hex 32` or ' +
  "`node -e \"console.log(require('node:crypto').randomBytes(32).toString('hex'))\"` " +
  'and put it in the environment or in .env as JWT_SECRET=<value>.';

// Values people paste from tutorials; a secret anyone can guess signs tokens anyone can forge.
const PLACEHOLDER_SECRETS = [
  'changeme', 'change-me', 'change_me', 'secret', 'your-secret', 'your-secret-key', 'your_secret_key', 'yoursecretkey',
  'replace-me', 'replace_me', 'replaceme', 'replace-with-a-secret', 'supersecret', 'super-secret', 'jwt-secret',
  'jwt_secret', 'mysecret', 'my-secret', 'password', 'default', 'example', 'test', 'todo', 'xxx', 'here', 'key',
];

/** Why a JWT secret is unacceptable, or null when it is fine. */
export function jwtSecretProblem(secret: string | undefined): string | null {
  if (secret === undefined || secret.trim() === '') return 'JWT_SECRET is not set.';
  const normalized = secret.toLowerCase().replace(/[^a-z0-9]/g, '');
  // "changeme-changeme-changeme-changeme" or "secret1234..." still count: nothing but placeholder words and digits.
  const onlyPlaceholders = PLACEHOLDER_SECRETS.reduce((rest, p) => rest.replaceAll(p.replace(/[^a-z]/g, ''), ''), normalized)
    .replace(/[0-9]/g, '');
  if (onlyPlaceholders === '' || /^(replace|your|change|insert|put|<)/i.test(secret.trim())) {
    return 'JWT_SECRET is a well-known placeholder value.';
  }
  if (Buffer.byteLength(secret, 'utf8') < 32) return 'JWT_SECRET is shorter than 32 bytes.';
  if (new Set(secret).size < 8) return 'JWT_SECRET has too few distinct characters to be random.';
  return null;
}

const DEFAULT_CORS_ORIGINS = ['http://localhost:5173', 'tauri://localhost'];

/** "points/seconds", e.g. "20/3600" for twenty per hour. */
const tierSchema = z
  .string()
  .regex(/^\d+\/\d+$/, 'expected "points/seconds", e.g. 20/3600')
  .transform((s) => {
    const [points, seconds] = s.split('/').map(Number) as [number, number];
    return { points, duration: seconds };
  })
  .refine((t) => t.points > 0 && t.duration > 0, 'points and seconds must be positive');

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export const RATE_LIMIT_TIERS = ['auth', 'chat', 'synthesis', 'voiceClone', 'sync', 'default'] as const;
export type RateLimitTier = (typeof RATE_LIMIT_TIERS)[number];
export interface TierLimit {
  points: number;
  /** Window length in seconds. */
  duration: number;
}

const configSchema = z.object({
  APP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Loopback by default: nothing is exposed until the owner opts in (HOST=0.0.0.0 for phones on the LAN).
  HOST: z.string().min(1).default('127.0.0.1'),
  JWT_SECRET: z.string(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  REDIS_URL: optionalString.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  CORS_ORIGINS: z
    .string()
    .optional()
    .transform((v) =>
      v === undefined || v.trim() === ''
        ? DEFAULT_CORS_ORIGINS
        : v.split(',').map((o) => o.trim()).filter((o) => o !== ''),
    )
    .pipe(z.array(z.string().regex(/^[a-z][a-z0-9+.-]*:\/\/[^/\s]+$/i, 'an origin is scheme://host[:port], no path'))),
  MODELS_DIR: z.string().min(1).default('models/store'),
  // Empty (what `npm run start:backend` passes) means: serve no web app.
  WEB_DIST: z.string().default('web/dist'),
  TLS_CERT: optionalString,
  TLS_KEY: optionalString,
  // false, true (one proxy hop), a hop count, or a comma list of proxy addresses whose X-Forwarded-For is believed.
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v): TrustProxy => {
      const s = v.trim().toLowerCase();
      if (['', 'false', '0', 'no', 'off'].includes(s)) return { kind: 'none' };
      if (['true', 'yes', 'on'].includes(s)) return { kind: 'hops', hops: 1 };
      if (/^\d+$/.test(s)) return { kind: 'hops', hops: Number(s) };
      return { kind: 'addresses', addresses: s.split(',').map((a) => a.trim()).filter((a) => a !== '') };
    }),
  REGISTRATION: z.enum(['open', 'closed']).default('open'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
  UPLOAD_LIMIT_BYTES: z.coerce.number().int().positive().default(25 * 1024 * 1024),
  RATE_LIMIT_AUTH: tierSchema.prefault('20/60'),
  RATE_LIMIT_CHAT: tierSchema.prefault('60/60'),
  RATE_LIMIT_SYNTHESIS: tierSchema.prefault('240/60'),
  RATE_LIMIT_VOICE_CLONE: tierSchema.prefault('20/3600'),
  RATE_LIMIT_SYNC: tierSchema.prefault('240/60'),
  RATE_LIMIT_DEFAULT: tierSchema.prefault('600/60'),
});

export type TrustProxy =
  | { kind: 'none' }
  | { kind: 'hops'; hops: number }
  | { kind: 'addresses'; addresses: string[] };

export interface Config {
  port: number;
  host: string;
  jwtSecret: string;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  corsOrigins: string[];
  modelsDir: string;
  /** The built PWA; undefined when WEB_DIST is empty (backend only). */
  webDist: string | undefined;
  tls: { cert: string; key: string } | undefined;
  trustProxy: TrustProxy;
  registration: 'open' | 'closed';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  bodyLimitBytes: number;
  uploadLimitBytes: number;
  rateLimits: Record<RateLimitTier, TierLimit>;
}

export interface LoadConfigOptions {
  /** Directory relative paths in the environment are resolved against (default: process.cwd()). */
  cwd?: string;
  /** Settings from config.json, lower priority than the environment. */
  file?: Record<string, unknown>;
}

/** Validates the settings and returns a frozen Config, or throws ConfigError naming every bad key. */
export function loadConfig(env: Record<string, string | undefined>, opts: LoadConfigOptions = {}): Config {
  const cwd = opts.cwd ?? process.cwd();
  const merged: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(opts.file ?? {})) merged[k] = typeof v === 'number' ? String(v) : v;
  for (const [k, v] of Object.entries(env)) if (v !== undefined && k in configSchema.shape) merged[k] = v;

  const secretProblem = jwtSecretProblem(typeof merged.JWT_SECRET === 'string' ? merged.JWT_SECRET : undefined);
  if (secretProblem) throw new ConfigError(`${secretProblem} ${JWT_SECRET_HELP}`, ['JWT_SECRET']);

  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const keys = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '?')))];
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${detail}`, keys);
  }
  const c = parsed.data;
  if ((c.TLS_CERT === undefined) !== (c.TLS_KEY === undefined)) {
    throw new ConfigError('TLS_CERT and TLS_KEY must be set together.', ['TLS_CERT', 'TLS_KEY']);
  }
  const fromCwd = (p: string) => (isAbsolute(p) ? p : resolve(cwd, p));
  // Defaults of the two repository folders point into the checkout, whatever directory the server starts in.
  const fromRepo = (key: 'MODELS_DIR' | 'WEB_DIST', p: string) => (merged[key] === undefined ? resolve(REPO_ROOT, p) : fromCwd(p));
  return Object.freeze({
    port: c.APP_PORT,
    host: c.HOST,
    jwtSecret: c.JWT_SECRET,
    dataDir: fromCwd(c.DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    redisUrl: c.REDIS_URL,
    corsOrigins: c.CORS_ORIGINS,
    modelsDir: fromRepo('MODELS_DIR', c.MODELS_DIR),
    webDist: c.WEB_DIST.trim() === '' ? undefined : fromRepo('WEB_DIST', c.WEB_DIST),
    tls: c.TLS_CERT && c.TLS_KEY ? { cert: fromCwd(c.TLS_CERT), key: fromCwd(c.TLS_KEY) } : undefined,
    trustProxy: c.TRUST_PROXY,
    registration: c.REGISTRATION,
    logLevel: c.LOG_LEVEL,
    bodyLimitBytes: c.BODY_LIMIT_BYTES,
    uploadLimitBytes: c.UPLOAD_LIMIT_BYTES,
    rateLimits: {
      auth: c.RATE_LIMIT_AUTH,
      chat: c.RATE_LIMIT_CHAT,
      synthesis: c.RATE_LIMIT_SYNTHESIS,
      voiceClone: c.RATE_LIMIT_VOICE_CLONE,
      sync: c.RATE_LIMIT_SYNC,
      default: c.RATE_LIMIT_DEFAULT,
    },
  });
}

/** Reads config.json (CONFIG_FILE, else ./config.json when present); a named file that is missing is an error. */
export function readConfigFile(env: Record<string, string | undefined>, cwd = process.cwd()): Record<string, unknown> {
  const named = env.CONFIG_FILE;
  const path = resolve(cwd, named ?? 'config.json');
  if (!existsSync(path)) {
    if (named) throw new ConfigError(`CONFIG_FILE ${path} does not exist.`, ['CONFIG_FILE']);
    return {};
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`${path} is not valid JSON: ${(err as Error).message}`, ['CONFIG_FILE']);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigError(`${path} must hold a JSON object of settings such as {"APP_PORT": 3000}.`, ['CONFIG_FILE']);
  }
  return data as Record<string, unknown>;
}

/** A valid config for tests: a random secret and no files touched until used. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  const secret = Array.from({ length: 64 }, (_, i) => '0123456789abcdef'[(i * 7 + 3) % 16]).join('');
  return loadConfig({ JWT_SECRET: secret, LOG_LEVEL: 'silent', ...overrides });
}
