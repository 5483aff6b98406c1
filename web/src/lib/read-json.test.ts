import { describe, expect, it } from 'vitest';
import { authResponseSchema, serverModelListSchema } from '@companion/core/api-schemas';
import { readJson } from './read-json';

const res = (body: string) => new Response(body, { headers: { 'content-type': 'application/json' } });

describe('readJson', () => {
  it('gives the parsed body of the expected shape', async () => {
    const body = { user: { id: 'u1', username: 'ann', role: 'owner' }, accessToken: 'a', refreshToken: 'r', expiresIn: 900 };
    expect(await readJson(res(JSON.stringify(body)), authResponseSchema, 'signing in')).toEqual(body);
  });

  it('refuses another shape or no JSON with BAD_SERVER_RESPONSE, saying which answer', async () => {
    await expect(readJson(res('{"models": "nope"}'), serverModelListSchema, 'its model list')).rejects.toMatchObject({
      code: 'BAD_SERVER_RESPONSE',
      recoverable: true,
      message: expect.stringContaining('its model list'),
    });
    await expect(readJson(res('<html>proxy error</html>'), serverModelListSchema, 'its model list')).rejects.toMatchObject({ code: 'BAD_SERVER_RESPONSE' });
  });
});
