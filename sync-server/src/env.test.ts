// Configuration parsing: defaults, validation, and the refusal of weak JWT secrets.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, readConfigFile, REPO_ROOT } from './env.ts';

const SECRET = 'f3a9c1d27b8e4605a1c9d3e7f0b2468ace13579bdf02468ace13579bdf024681';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig({ JWT_SECRET: SECRET }, { cwd: '/srv/app' });
    expect(c.port).toBe(3000);
    expect(c.host).toBe('127.0.0.1');
    expect(c.dataDir).toBe('/srv/app/data');
    expect(c.corsOrigins).toEqual(['http://localhost:5173', 'tauri://localhost']);
    expect(c.modelsDir).toBe(join(REPO_ROOT, 'models/store'));
    expect(c.webDist).toBe(join(REPO_ROOT, 'web/dist'));
    expect(c.trustProxy).toEqual({ kind: 'none' });
    expect(c.registration).toBe('open');
    expect(c.tls).toBeUndefined();
    expect(c.databaseUrl).toBeUndefined();
    expect(c.rateLimits.voiceClone).toEqual({ points: 20, duration: 3600 });
  });

  it('parses lists, numbers, proxies and tiers', () => {
    const c = loadConfig({
      JWT_SECRET: SECRET,
      APP_PORT: '8443',
      CORS_ORIGINS: 'https://a.example, http://localhost:4000',
      TRUST_PROXY: '10.0.0.1,10.0.0.2',
      RATE_LIMIT_CHAT: '5/10',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      REDIS_URL: 'redis://127.0.0.1:6379',
      TLS_CERT: 'cert.pem',
      TLS_KEY: '/abs/key.pem',
    }, { cwd: '/x' });
    expect(c.port).toBe(8443);
    expect(c.corsOrigins).toEqual(['https://a.example', 'http://localhost:4000']);
    expect(c.trustProxy).toEqual({ kind: 'addresses', addresses: ['10.0.0.1', '10.0.0.2'] });
    expect(c.rateLimits.chat).toEqual({ points: 5, duration: 10 });
    expect(c.tls).toEqual({ cert: '/x/cert.pem', key: '/abs/key.pem' });
    expect(loadConfig({ JWT_SECRET: SECRET, TRUST_PROXY: '2' }).trustProxy).toEqual({ kind: 'hops', hops: 2 });
    expect(loadConfig({ JWT_SECRET: SECRET, TRUST_PROXY: 'true' }).trustProxy).toEqual({ kind: 'hops', hops: 1 });
  });

  it.each([
    [{ APP_PORT: 'eighty' }, 'APP_PORT'],
    [{ APP_PORT: '70000' }, 'APP_PORT'],
    [{ CORS_ORIGINS: 'http://ok.example/path' }, 'CORS_ORIGINS'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ RATE_LIMIT_AUTH: 'ten per minute' }, 'RATE_LIMIT_AUTH'],
    [{ RATE_LIMIT_AUTH: '0/60' }, 'RATE_LIMIT_AUTH'],
    [{ REGISTRATION: 'maybe' }, 'REGISTRATION'],
    [{ TLS_CERT: 'only-cert.pem' }, 'TLS_CERT'],
  ])('refuses %o naming %s', (env, key) => {
    let err: unknown;
    try {
      loadConfig({ JWT_SECRET: SECRET, ...env });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).keys).toContain(key);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['short', 'a1b2c3d4e5f6'],
    ['31 bytes', 'abcdefghijklmnopqrstuvwxyz01234'],
    ['changeme', 'changeme'],
    ['repeated placeholder', 'changeme-changeme-changeme-changeme'],
    ['secret + digits', 'secret1234567890123456789012345678901'],
    ['your-secret-key', 'your-secret-key-here-please-change-it-now'],
    ['replace-me', 'replace-me-with-a-long-random-string-of-64-chars'],
    ['angle placeholder', '<generate with openssl rand -hex 32 and paste>'],
    ['all the same character', 'a'.repeat(64)],
    ['two characters', 'ab'.repeat(32)],
  ])('refuses a JWT_SECRET that is %s', (_name, secret) => {
    expect(() => loadConfig(secret === undefined ? {} : { JWT_SECRET: secret })).toThrow(/JWT_SECRET[\s\S]*openssl rand -hex 32/);
  });

  it('accepts a random 32-byte secret in hex or base64', () => {
    expect(loadConfig({ JWT_SECRET: SECRET }).jwtSecret).toBe(SECRET);
    expect(() => loadConfig({ JWT_SECRET: 'q8Zk1r+VYx3wN0Jm5tP7aL2cE9fH4dS6uB1oK8gR0iM=' })).not.toThrow();
  });

  it('serves no web app when WEB_DIST is empty (npm run start:backend)', () => {
    expect(loadConfig({ JWT_SECRET: SECRET, WEB_DIST: '' }).webDist).toBeUndefined();
    expect(loadConfig({ JWT_SECRET: SECRET, WEB_DIST: 'public' }, { cwd: '/srv' }).webDist).toBe('/srv/public');
  });

  it('lets the environment override config.json', () => {
    const c = loadConfig({ JWT_SECRET: SECRET, APP_PORT: '4000' }, { file: { APP_PORT: 5000, HOST: '0.0.0.0' } });
    expect(c.port).toBe(4000);
    expect(c.host).toBe('0.0.0.0');
  });
});

describe('readConfigFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'));

  it('reads ./config.json when present and nothing otherwise', () => {
    expect(readConfigFile({}, dir)).toEqual({});
    writeFileSync(join(dir, 'config.json'), '{"APP_PORT": 3100}');
    expect(readConfigFile({}, dir)).toEqual({ APP_PORT: 3100 });
  });

  it('refuses a missing CONFIG_FILE, bad JSON and non-objects', () => {
    expect(() => readConfigFile({ CONFIG_FILE: 'nope.json' }, dir)).toThrow(ConfigError);
    writeFileSync(join(dir, 'bad.json'), '{oops');
    expect(() => readConfigFile({ CONFIG_FILE: 'bad.json' }, dir)).toThrow(/not valid JSON/);
    writeFileSync(join(dir, 'list.json'), '[1,2]');
    expect(() => readConfigFile({ CONFIG_FILE: 'list.json' }, dir)).toThrow(/JSON object/);
  });
});
