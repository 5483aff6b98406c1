// POST /api/chat/preview: the prompt inspector; mounted at its own path so it never meets the chat routes' handlers.
import { createRoute, z } from '@hono/zod-openapi';
import { chatPreviewRequestSchema, chatPreviewResponseSchema } from '@companion/core/schemas';
import { createRouter } from '../../app-env.ts';
import { unauthorized } from '../../errors.ts';
import type { CharacterContext } from '../../services/characters/context.ts';
import { ErrorSchema } from './schemas.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });

// Core's schemas, wrapped to give them component names in the document.
const PreviewRequest = z.object(chatPreviewRequestSchema.shape).openapi('ChatPreviewRequest');
const PreviewResponse = z.object(chatPreviewResponseSchema.shape).openapi('ChatPreviewResponse');

const previewRoute = createRoute({
  method: 'post',
  path: '/',
  tags: ['chat'],
  summary: 'Prompt inspector: the messages a model would receive for this character and chat, without calling one',
  description:
    'Runs prompt assembly (system prompt, card fields, lorebook, example dialogues, history fitted to the context) and answers ' +
    'the assembled messages, the lore entries that fired with the reason, those left out and why, and the tokens of each part. ' +
    'Leading system messages are taken as the global system prompt (a card system_prompt replaces it; {{original}} brings it back).',
  request: { body: { required: true, content: { 'application/json': { schema: PreviewRequest } } } },
  responses: {
    200: json(PreviewResponse, 'The assembled prompt'),
    400: json(ErrorSchema, 'VALIDATION_FAILED'),
    404: json(ErrorSchema, 'NOT_FOUND: no such character of yours'),
  },
});

export function createChatPreviewRoutes(context: CharacterContext) {
  const router = createRouter();
  router.openapi(previewRoute, async (c) => {
    const user = c.get('user');
    if (!user) throw unauthorized();
    return c.json(await context.preview(user, c.req.valid('json')), 200);
  });
  return router;
}
