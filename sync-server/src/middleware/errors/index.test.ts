// The one error shape: AppError, validation, malformed JSON, unknown errors and 404 all answer {error:{code,...}}.
import { createRoute, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { createRouter } from '../../app-env.ts';
import { AppError } from '../../errors.ts';
import { buildApp, errorBody, fakeAuth } from '../../../test/helpers.ts';

function appWithThrowingRoutes() {
  const routes = createRouter();
  routes.get('/app-error', () => {
    throw new AppError('TEAPOT', 418, 'I am a teapot', { why: 'tests' }, { 'X-Extra': 'yes' });
  });
  routes.get('/boom', () => {
    throw new Error('database password is hunter2 at /srv/secret.ts:12:3');
  });
  routes.post('/raw-json', async (c) => c.json(await c.req.json<unknown>()));
  routes.openapi(
    createRoute({
      method: 'post',
      path: '/validated',
      request: { body: { required: true, content: { 'application/json': { schema: z.object({ name: z.string().min(2), age: z.number().int() }) } } } },
      responses: { 200: { description: 'ok' } },
    }),
    (c) => c.json({ ok: true }, 200),
  );
  return buildApp({ auth: fakeAuth(), routes: [{ path: '/api/t', routes }] });
}

const auth = { authorization: 'Bearer token-alice' };

describe('error handling', () => {
  it('turns an AppError into its status, code, details and headers with the request id', async () => {
    const { app } = appWithThrowingRoutes();
    const res = await app.request('/api/t/app-error', { headers: auth });
    expect(res.status).toBe(418);
    expect(res.headers.get('x-extra')).toBe('yes');
    const err = await errorBody(res);
    expect(err).toMatchObject({ code: 'TEAPOT', message: 'I am a teapot', details: { why: 'tests' } });
    expect(err.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('hides unknown errors behind 500 INTERNAL, but logs them', async () => {
    const { app, logs } = appWithThrowingRoutes();
    const res = await app.request('/api/t/boom', { headers: auth });
    expect(res.status).toBe(500);
    const text = await res.clone().text();
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('secret.ts');
    expect(await errorBody(res)).toMatchObject({ code: 'INTERNAL', message: 'Internal server error' });
    expect(logs.text()).toContain('unhandled error');
  });

  it('answers 400 VALIDATION_FAILED naming each failing field', async () => {
    const { app } = appWithThrowingRoutes();
    const res = await app.request('/api/t/validated', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', age: 'old' }),
    });
    expect(res.status).toBe(400);
    const err = await errorBody(res);
    expect(err.code).toBe('VALIDATION_FAILED');
    const fields = (err.details as { fields: { field: string }[] }).fields.map((f) => f.field).sort();
    expect(fields).toEqual(['json.age', 'json.name']);
  });

  it('answers 400 for malformed JSON and 415 for the wrong content type', async () => {
    const { app } = appWithThrowingRoutes();
    const bad = await app.request('/api/t/validated', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"name":' });
    expect(bad.status).toBe(400);
    expect((await errorBody(bad)).code).toBe('BAD_REQUEST');
    const text = await app.request('/api/t/validated', { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: 'name=x' });
    expect(text.status).toBe(415);
    expect((await errorBody(text)).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 400, not 500, when a handler parses a malformed JSON body itself', async () => {
    const { app } = appWithThrowingRoutes();
    const res = await app.request('/api/t/raw-json', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{oops' });
    expect(res.status).toBe(400);
    expect((await errorBody(res)).code).toBe('BAD_REQUEST');
  });

  it('answers unknown routes with 404 in the same shape', async () => {
    const { app } = buildApp();
    const res = await app.request('/no/such/thing');
    expect(res.status).toBe(404);
    expect(await errorBody(res)).toMatchObject({ code: 'NOT_FOUND' });
  });
});
