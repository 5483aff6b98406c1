// Request and response schemas of the OpenAI-compatible /v1 API (the subset SillyTavern and the openai client use).
import { z } from '@hono/zod-openapi';
import { modelIdSchema } from '@companion/core/llm';
import { identifierText, storableText } from '@companion/core/schemas';

const textPart = z.object({ type: z.literal('text'), text: storableText(200_000) });

export const openAiMessageSchema = z.object({
  // "developer" is OpenAI's newer name for system.
  role: z.enum(['system', 'developer', 'user', 'assistant']),
  content: z.union([storableText(200_000), z.array(textPart).max(100)]).nullable(),
  name: identifierText(64).optional(),
});

export const chatCompletionRequestSchema = z
  .object({
    model: modelIdSchema,
    messages: z.array(openAiMessageSchema).min(1).max(500),
    stream: z.boolean().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).nullable().optional(),
    max_tokens: z.number().int().min(1).max(32_768).nullable().optional(),
    max_completion_tokens: z.number().int().min(1).max(32_768).nullable().optional(),
    temperature: z.number().min(0).max(2).nullable().optional(),
    top_p: z.number().gt(0).max(1).nullable().optional(),
    // Not OpenAI's, but what vLLM, llama.cpp and SillyTavern's "custom OpenAI" send.
    top_k: z.number().int().min(0).max(1000).nullable().optional(),
    repetition_penalty: z.number().min(0.5).max(2).nullable().optional(),
    seed: z.number().int().nullable().optional(),
    stop: z.union([storableText(64).min(1), z.array(storableText(64).min(1)).max(8)]).nullable().optional(),
    n: z.literal(1).nullable().optional(),
  })
  // Other OpenAI fields (penalties, logit_bias, user ...) are accepted and ignored, as most local servers do.
  .openapi('ChatCompletionRequest');
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;

const usageSchema = z.object({ prompt_tokens: z.number(), completion_tokens: z.number(), total_tokens: z.number() });

export const chatCompletionSchema = z
  .object({
    id: z.string(),
    object: z.literal('chat.completion'),
    created: z.number(),
    model: z.string(),
    choices: z.array(
      z.object({
        index: z.number(),
        message: z.object({ role: z.literal('assistant'), content: z.string() }),
        finish_reason: z.enum(['stop', 'length']),
        logprobs: z.null(),
      }),
    ),
    usage: usageSchema,
  })
  .openapi('ChatCompletion');

export const modelListSchema = z
  .object({
    object: z.literal('list'),
    data: z.array(z.object({ id: z.string(), object: z.literal('model'), created: z.number(), owned_by: z.string() })),
  })
  .openapi('OpenAiModelList');

export const openAiErrorSchema = z
  .object({
    error: z.object({
      message: z.string(),
      type: z.string(),
      code: z.string(),
      param: z.string().nullable(),
    }),
  })
  .openapi('OpenAiError');
