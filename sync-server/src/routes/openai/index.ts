// OpenAI-compatible GET /v1/models and POST /v1/chat/completions (streaming and not) over the same chat service.
import { randomUUID } from 'node:crypto';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { stream } from 'hono/streaming';
import type { ChatMessage, ChatRequest, GenerationResult } from '@companion/core/llm';
import type { AppEnv } from '../../app-env.ts';
import { AppError, unauthorized } from '../../errors.ts';
import type { InferenceService } from '../../inference/service.ts';
import { validationHook } from '../../middleware/errors/index.ts';
import { requestAbort, SSE_HEADERS } from '../chat/sse.ts';
import { openAiErrorType, openAiOnError } from './errors.ts';
import { chatCompletionRequestSchema, chatCompletionSchema, modelListSchema, openAiErrorSchema, type ChatCompletionRequest } from './schemas.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const errors = {
  400: json(openAiErrorSchema, 'invalid_request_error'),
  404: json(openAiErrorSchema, 'not_found_error: unknown model'),
  503: json(openAiErrorSchema, 'overloaded_error (SERVER_BUSY, with Retry-After)'),
};

const modelsRoute = createRoute({
  method: 'get',
  path: '/models',
  tags: ['openai'],
  summary: 'Models this server can run (OpenAI format)',
  responses: { 200: json(modelListSchema, 'Models') },
});

const completionsRoute = createRoute({
  method: 'post',
  path: '/chat/completions',
  tags: ['openai'],
  summary: 'Chat completion (OpenAI format, `stream` for Server-Sent Events)',
  description:
    'Accepts an access token or an API key (`Authorization: Bearer cmp_...`, see /api/keys). Supports `stop`, `max_tokens` ' +
    '(or `max_completion_tokens`), `temperature`, `top_p`, `seed` (repeatable sampling on the local engine; passed on ' +
    'to remote providers), and the common extensions `top_k` and `repetition_penalty`. `n` must be 1.',
  request: { body: { required: true, content: { 'application/json': { schema: chatCompletionRequestSchema } } } },
  responses: {
    200: {
      content: { 'application/json': { schema: chatCompletionSchema }, 'text/event-stream': { schema: z.string() } },
      description: 'The completion, or `data: {chunk}` lines ending with `data: [DONE]` when streaming',
    },
    ...errors,
  },
});

function toChatRequest(body: ChatCompletionRequest): ChatRequest {
  const messages: ChatMessage[] = body.messages.map((m) => ({
    role: m.role === 'developer' ? 'system' : m.role,
    content: typeof m.content === 'string' ? m.content : (m.content ?? []).map((p) => p.text).join(''),
  }));
  const stop = body.stop == null ? undefined : typeof body.stop === 'string' ? [body.stop] : body.stop;
  const maxTokens = body.max_completion_tokens ?? body.max_tokens ?? undefined;
  return {
    model: body.model,
    messages,
    options: {
      ...(maxTokens != null ? { maxTokens } : {}),
      ...(body.temperature != null ? { temperature: body.temperature } : {}),
      ...(body.top_p != null ? { topP: body.top_p } : {}),
      ...(body.top_k != null ? { topK: body.top_k } : {}),
      ...(body.repetition_penalty != null ? { repetitionPenalty: body.repetition_penalty } : {}),
      ...(body.seed != null ? { seed: body.seed } : {}),
      ...(stop ? { stop } : {}),
    },
  };
}

const usageOf = (r: GenerationResult) => ({
  prompt_tokens: r.usage.promptTokens,
  completion_tokens: r.usage.completionTokens,
  total_tokens: r.usage.promptTokens + r.usage.completionTokens,
});
// OpenAI has no "cancelled"; a cancelled reply is never sent anyway (the client left).
const finishOf = (r: GenerationResult) => (r.finishReason === 'length' ? ('length' as const) : ('stop' as const));

export function createOpenAiRoutes(service: InferenceService) {
  // Its own router so its errors get the OpenAI fields; validation still fails through the app's hook.
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.onError(openAiOnError);

  router.openapi(modelsRoute, async (c) => {
    const user = c.get('user');
    if (!user) throw unauthorized();
    const { models } = await service.listModels(user.id);
    const data = models
      .filter((m) => m.servable)
      .map((m) => ({ id: m.id, object: 'model' as const, created: 0, owned_by: m.provider }));
    return c.json({ object: 'list' as const, data }, 200);
  });

  router.openapi(completionsRoute, async (c) => {
    const user = c.get('user');
    if (!user) throw unauthorized();
    const body = c.req.valid('json');
    const abort = requestAbort(c);
    const job = await service.begin(user, toChatRequest(body), abort.signal, { raw: true });
    const id = `chatcmpl-${randomUUID().replaceAll('-', '')}`;
    const created = Math.floor(Date.now() / 1000);
    if (!body.stream) {
      const result = await job.run();
      return c.json(
        {
          id,
          object: 'chat.completion' as const,
          created,
          model: job.model,
          choices: [{ index: 0, message: { role: 'assistant' as const, content: result.text }, finish_reason: finishOf(result), logprobs: null }],
          usage: usageOf(result),
        },
        200,
      );
    }
    const includeUsage = body.stream_options?.include_usage === true;
    for (const [k, v] of Object.entries(SSE_HEADERS)) c.header(k, v);
    return stream(c, async (s) => {
      s.onAbort(() => abort.abort());
      let chain: Promise<unknown> = Promise.resolve();
      const send = (data: unknown) => {
        const line = `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
        chain = chain.then(() => (abort.signal.aborted ? undefined : s.write(line)));
      };
      const chunk = (delta: Record<string, string>, finish: string | null) => ({
        id,
        object: 'chat.completion.chunk',
        created,
        model: job.model,
        choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
      });
      send(chunk({ role: 'assistant', content: '' }, null));
      try {
        const result = await job.run((delta) => send(chunk({ content: delta }, null)));
        send(chunk({}, finishOf(result)));
        if (includeUsage) send({ id, object: 'chat.completion.chunk', created, model: job.model, choices: [], usage: usageOf(result) });
      } catch (error) {
        const e = error instanceof AppError ? error : new AppError('INTERNAL', 500, 'Internal server error');
        if (!(error instanceof AppError)) c.get('log')?.error({ err: error }, 'completion stream failed');
        send({ error: { message: e.message, type: openAiErrorType(e.status), code: e.code, param: null } });
      }
      send('[DONE]');
      await chain.catch(() => undefined);
    });
  });

  return router;
}
