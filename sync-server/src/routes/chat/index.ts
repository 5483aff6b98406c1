// POST /api/chat, /api/chat/stream and /api/chat/switch: chat with the user's active model (or the one asked for).
import { createRoute, z } from '@hono/zod-openapi';
import { chatRequestSchema, chatResponseSchema, chatStreamRequestSchema, switchModelRequestSchema, switchModelResponseSchema } from '@companion/core/llm';
import { createRouter } from '../../app-env.ts';
import { AppError, unauthorized } from '../../errors.ts';
import type { InferenceService } from '../../inference/service.ts';
import { speechHeaders } from './character-voice.ts';
import type { ChatSpeech } from './speech.ts';
import { requestAbort, streamChatEvents } from './sse.ts';

const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).openapi('ChatError');
const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const body = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
const errors = {
  400: json(ErrorSchema, 'Invalid request (VALIDATION_FAILED with the failing fields)'),
  404: json(ErrorSchema, 'MODEL_NOT_FOUND'),
  409: json(ErrorSchema, 'NO_MODEL, MODEL_NOT_DOWNLOADED or MODEL_NOT_SERVABLE'),
  503: json(ErrorSchema, 'SERVER_BUSY: every generation slot and the queue are taken; see Retry-After'),
};

// Core's schemas are plain zod (core must not depend on Hono); wrapping their shapes gives them component names here.
const ChatRequest = z.object(chatRequestSchema.shape).openapi('ChatRequest');
const ChatResponse = z.object(chatResponseSchema.shape).openapi('ChatResponse');
const ChatStreamRequest = z.object(chatStreamRequestSchema.shape).openapi('ChatStreamRequest');
const SwitchRequest = z.object(switchModelRequestSchema.shape).openapi('SwitchModelRequest');
const SwitchResponse = z.object(switchModelResponseSchema.shape).openapi('SwitchModelResponse');

const chatRoute = createRoute({
  method: 'post',
  path: '/',
  tags: ['chat'],
  summary: 'Complete reply from the active model',
  description:
    'Runs the messages through prompt assembly (the active character, when one is set) and returns the whole reply. ' +
    '`options.seed` makes sampling repeatable on the local engine and is passed on to remote providers.',
  request: { body: body(ChatRequest) },
  responses: { 200: json(ChatResponse, 'The reply'), ...errors, 502: json(ErrorSchema, 'PROVIDER_ERROR or PROVIDER_UNREACHABLE') },
});

const streamRoute = createRoute({
  method: 'post',
  path: '/stream',
  tags: ['chat'],
  summary: 'Streamed reply (Server-Sent Events)',
  description:
    'Events: `token` {delta} for each piece of text; `sentence` {index, text} as each sentence (or first clause) completes, for speech; ' +
    'a final `done` {finishReason, usage, timings}; `error` {code, message, recoverable} for a failure after the headers were sent. ' +
    'With `tts` {voice, rate, format}; without `voice`, the active character\'s voice when it has one (header `X-Speech-Voice`; ' +
    'a character voice that is gone falls back to the default voice with `X-Speech-Voice-Fallback: <code>`). ' +
    '`audio` {index, chunk, final, text, format, audio (base64 file), sampleRate, durationMs, engine, visemes, mouth, mouthSource} ' +
    'for each piece of a sentence as soon as it is synthesised while tokens keep coming (XTTS: about a second per piece, `final` on the last; ' +
    'espeak-ng: one piece per sentence), or `audio_error` {index, code, message}; a cloned voice\'s sentence then gets `visemes` ' +
    '{index, durationMs, mouthSource: aligned|envelope, visemes, mouth, fallback?}, its whole lip sync, right after its final piece; ' +
    '`done` follows the last audio. ' +
    'Closing the connection cancels the generation.',
  request: { body: body(ChatStreamRequest) },
  responses: { 200: { content: { 'text/event-stream': { schema: z.string() } }, description: 'The event stream' }, ...errors },
});

const switchRoute = createRoute({
  method: 'post',
  path: '/switch',
  tags: ['chat'],
  summary: 'Set the active model (same as POST /api/models/switch)',
  request: { body: body(SwitchRequest) },
  responses: { 200: json(SwitchResponse, 'The model now active'), ...errors },
});

/** `speech` enables the `tts` option of /stream; without it a request asking for speech gets 503 TTS_UNAVAILABLE. */
export function createChatRoutes(service: InferenceService, opts: { speech?: ChatSpeech } = {}) {
  const router = createRouter();

  router.openapi(chatRoute, async (c) => {
    const user = c.get('user');
    if (!user) throw unauthorized();
    const abort = requestAbort(c);
    const job = await service.begin(user, c.req.valid('json'), abort.signal);
    const result = await job.run();
    return c.json({ model: job.model, ...result }, 200);
  });

  router.openapi(streamRoute, async (c) => {
    const user = c.get('user');
    if (!user) throw unauthorized();
    const abort = requestAbort(c);
    const { tts, ...request } = c.req.valid('json');
    // Before any header: a full pool, an unknown model or an unknown voice is still a proper status code.
    if (tts && !opts.speech) throw new AppError('TTS_UNAVAILABLE', 503, 'Speech is not enabled on this server.');
    const speak = tts && opts.speech ? await opts.speech.prepare(user.id, tts, abort.signal) : undefined;
    for (const [name, value] of Object.entries(speechHeaders(speak))) c.header(name, value);
    const job = await service.begin(user, request, abort.signal);
    return streamChatEvents(c, job, abort, speak);
  });

  router.openapi(switchRoute, async (c) => {
    const user = c.get('user');
    if (!user) throw unauthorized();
    return c.json(await service.switchModel(user.id, c.req.valid('json').model), 200);
  });

  return router;
}
