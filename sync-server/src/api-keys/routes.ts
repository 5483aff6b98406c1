// /api/keys: create (the key is shown once), list (never the secret) and revoke the signed-in user's API keys.
import { createRoute, z } from '@hono/zod-openapi';
import { hasControlCharacters } from '@companion/core/schemas';
import { createRouter } from '../app-env.ts';
import { AppError, notFound, unauthorized } from '../errors.ts';
import { TooManyKeysError, type ApiKeyStore } from './store.ts';

const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).openapi('ApiKeyError');
const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });

const KeyInfo = z
  .object({ id: z.string(), name: z.string(), prefix: z.string(), createdAt: z.number(), lastUsedAt: z.number().nullable() })
  .openapi('ApiKeyInfo');
const CreatedKey = KeyInfo.extend({ key: z.string().openapi({ description: 'The secret; shown only in this response' }) }).openapi('ApiKeyCreated');

const createKeyRoute = createRoute({
  method: 'post',
  path: '/',
  tags: ['api-keys'],
  summary: 'Create an API key for the OpenAI-compatible /v1 API',
  request: {
    body: { required: true, content: { 'application/json': { schema: z.object({ name: z.string().trim().min(1).max(100).refine((s) => !hasControlCharacters(s), 'must not contain control characters') }).openapi('CreateApiKey') } } },
  },
  responses: { 201: json(CreatedKey, 'The new key (store it: it is not shown again)'), 400: json(ErrorSchema, 'VALIDATION_FAILED'), 409: json(ErrorSchema, 'TOO_MANY_KEYS') },
});
const listKeysRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['api-keys'],
  summary: "The signed-in user's live keys (no secrets)",
  responses: { 200: json(z.object({ keys: z.array(KeyInfo) }).openapi('ApiKeyList'), 'Keys') },
});
const revokeKeyRoute = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['api-keys'],
  summary: 'Revoke a key (it stops working at once)',
  request: { params: z.object({ id: z.uuid() }) },
  responses: { 204: { description: 'Revoked' }, 400: json(ErrorSchema, 'VALIDATION_FAILED'), 404: json(ErrorSchema, 'No such key of yours') },
});

export function createApiKeyRoutes(keys: ApiKeyStore) {
  const router = createRouter();

  router.openapi(createKeyRoute, async (c) => {
    const user = c.get('user');
    if (!user) throw unauthorized();
    try {
      // no-store: the one response that carries the secret must not sit in a cache.
      c.header('cache-control', 'no-store');
      return c.json(await keys.create(user.id, c.req.valid('json').name), 201);
    } catch (error) {
      if (error instanceof TooManyKeysError) throw new AppError('TOO_MANY_KEYS', 409, 'Revoke an old key before creating another.');
      throw error;
    }
  });

  router.openapi(listKeysRoute, async (c) => {
    const user = c.get('user');
    if (!user) throw unauthorized();
    return c.json({ keys: await keys.list(user.id) }, 200);
  });

  router.openapi(revokeKeyRoute, async (c) => {
    const user = c.get('user');
    if (!user) throw unauthorized();
    // Another user's id answers exactly like an unknown one (A5).
    if (!(await keys.revoke(user.id, c.req.valid('param').id))) throw notFound('No such API key.');
    return c.body(null, 204);
  });

  return router;
}
