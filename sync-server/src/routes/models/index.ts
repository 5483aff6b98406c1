// GET /api/models (catalog with downloaded and active flags), GET /api/models/status, POST /api/models/switch.
import { createRoute, z } from '@hono/zod-openapi';
import { switchModelRequestSchema, switchModelResponseSchema } from '@companion/core/llm';
import { createRouter } from '../../app-env.ts';
import { unauthorized } from '../../errors.ts';
import type { InferenceService } from '../../inference/service.ts';

const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).openapi('ModelsError');
const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });

const ModelSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    provider: z.string().openapi({ description: '"local" or the name of a configured provider (never its address or key)' }),
    runtime: z.enum(['onnx', 'webllm', 'remote']),
    downloaded: z.boolean(),
    servable: z.boolean().openapi({ description: 'This server can run it; WebLLM models run in the browser only' }),
    active: z.boolean(),
    testModel: z.boolean().optional().openapi({ description: 'A generated test model (npm run models -- fixtures): rigged weights, one fixed reply' }),
    licence: z.object({ spdx: z.string(), url: z.string() }).optional().openapi({ description: "The catalog's licence; absent for a provider's models" }),
  })
  .openapi('Model');

const ModelListSchema = z.object({ active: z.string().nullable(), models: z.array(ModelSchema) }).openapi('ModelList');

const ProviderStatusSchema = z
  .object({
    name: z.string(),
    state: z.enum(['ready', 'loading', 'unavailable', 'error']),
    detail: z.string().optional(),
  })
  .openapi('LlmProviderStatus');

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['models'],
  summary: 'Catalog and provider models, with what is downloaded and which is active',
  responses: { 200: json(ModelListSchema, 'Models') },
});
const statusRoute = createRoute({
  method: 'get',
  path: '/status',
  tags: ['models'],
  summary: 'State of each LLM provider (local engine and configured remote ones)',
  responses: { 200: json(z.object({ active: z.string().nullable(), providers: z.array(ProviderStatusSchema) }).openapi('LlmStatus'), 'Status') },
});
const switchRoute = createRoute({
  method: 'post',
  path: '/switch',
  tags: ['models'],
  summary: 'Set the active model for the signed-in user',
  request: { body: { required: true, content: { 'application/json': { schema: switchModelRequestSchema } } } },
  responses: {
    200: json(switchModelResponseSchema, 'The model now active'),
    400: json(ErrorSchema, 'VALIDATION_FAILED'),
    404: json(ErrorSchema, 'MODEL_NOT_FOUND'),
    409: json(ErrorSchema, 'MODEL_NOT_DOWNLOADED or MODEL_NOT_SERVABLE'),
  },
});

export function createModelRoutes(service: InferenceService) {
  const router = createRouter();

  router.openapi(listRoute, async (c) => {
    const user = c.get('user');
    if (!user) throw unauthorized();
    return c.json(await service.listModels(user.id), 200);
  });

  router.openapi(statusRoute, async (c) => {
    const user = c.get('user');
    if (!user) throw unauthorized();
    const providers = await Promise.all(
      service.probes().map(async (p) => ({
        name: p.name,
        ...(await p.status().catch(() => ({ state: 'error' as const, detail: 'status check failed' }))),
      })),
    );
    return c.json({ active: await service.activeModel(user.id), providers }, 200);
  });

  router.openapi(switchRoute, async (c) => {
    const user = c.get('user');
    if (!user) throw unauthorized();
    return c.json(await service.switchModel(user.id, c.req.valid('json').model), 200);
  });

  return router;
}
