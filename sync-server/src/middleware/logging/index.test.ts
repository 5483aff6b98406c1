// Logs are structured and never contain credentials: tokens, cookies, passwords or secrets.
import { describe, expect, it } from 'vitest';
import { createRouter } from '../../app-env.ts';
import { buildApp, captureLogs, fakeAuth } from '../../../test/helpers.ts';
import { createLogger } from './index.ts';

const TOKEN = 'token-alice';
const SECRETS = ['sup3r-s3cret-cookie', 'hunter2-password', 'query-token-xyz', 'refresh-abc-123', TOKEN];

describe('request logging', () => {
  it('logs one structured line per request and none of the credentials it carried', async () => {
    const routes = createRouter();
    routes.post('/echo', async (c) => {
      const body = await c.req.json<Record<string, unknown>>();
      // A careless handler logging the whole body: redaction must still hide the secrets.
      c.get('log').info({ body, headers: Object.fromEntries(c.req.raw.headers) }, 'careless');
      return c.json({ ok: true });
    });
    const { app, logs } = buildApp({ auth: fakeAuth(), routes: [{ path: '/api/x', routes }] });
    const res = await app.request('/api/x/echo?token=query-token-xyz', {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, cookie: 'sid=sup3r-s3cret-cookie', 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: 'hunter2-password', refreshToken: 'refresh-abc-123' }),
    });
    expect(res.status).toBe(200);
    const text = logs.text();
    for (const s of SECRETS) expect(text).not.toContain(s);
    const request = logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'request');
    expect(request).toMatchObject({ method: 'POST', path: '/api/x/echo', status: 200, userId: 'alice' });
    expect(typeof request?.requestId).toBe('string');
    expect(text).toContain('"username":"alice"');
  });

  it('redacts secrets passed straight to the logger', () => {
    const logs = captureLogs();
    const log = createLogger({ logLevel: 'info' }, logs.stream);
    log.info({ password: 'hunter2-password', user: { accessToken: TOKEN }, config: { jwtSecret: 'x' }, authorization: 'Bearer y' }, 'x');
    expect(logs.text()).not.toMatch(/hunter2|token-alice|jwtSecret":"x|Bearer y/);
    expect(logs.text()).toContain('[redacted]');
  });

  it('logs failed requests at warn and error levels without the body', async () => {
    const { app, logs } = buildApp();
    await app.request('/api/auth-free-but-missing', { headers: { authorization: `Bearer ${TOKEN}` } });
    const line = logs.lines.map((l) => JSON.parse(l) as { level: number; status?: number; msg: string }).find((l) => l.msg === 'request');
    expect(line?.status).toBe(503);
    expect(line?.level).toBe(50);
    expect(logs.text()).not.toContain(TOKEN);
  });
});
