// Bodies of the server's chat API (POST /api/chat, /api/chat/stream, model switching), shared by the server and the web client.
import { z } from 'zod';
import { doneEventSchema } from './stream-events';
import { chatMessageSchema, generateOptionsSchema } from './types';

/** A model id: a catalog id (`qwen2.5-0.5b-instruct-onnx`) or `<provider>/<model>` for a configured provider. */
export const modelIdSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\w.:@/-]+$/, 'letters, digits and . _ : @ / - only');

export const chatRequestSchema = z.object({
  messages: z.array(chatMessageSchema).min(1).max(500),
  /** Overrides the user's active model for this request only. */
  model: modelIdSchema.optional(),
  options: generateOptionsSchema.partial().optional(),
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;

/** `tts` on POST /api/chat/stream: speak each sentence as it completes (`audio` events beside the tokens). */
export const chatTtsSchema = z
  .object({
    voice: z
      .string()
      .min(1)
      .max(120)
      .regex(/^[A-Za-z0-9_.:+/-]+$/)
      .optional(),
    rate: z.number().min(0.5).max(2.5).optional(),
    format: z.enum(['wav', 'mp3']).optional(),
  })
  .strict();
export const chatStreamRequestSchema = chatRequestSchema.extend({ tts: chatTtsSchema.optional() });
export type ChatStreamRequest = z.infer<typeof chatStreamRequestSchema>;

export const chatResponseSchema = z.object({
  model: z.string(),
  text: z.string(),
  finishReason: doneEventSchema.shape.finishReason,
  usage: doneEventSchema.shape.usage,
  timings: doneEventSchema.shape.timings,
});
export type ChatResponse = z.infer<typeof chatResponseSchema>;

export const switchModelRequestSchema = z.object({ model: modelIdSchema });
export const switchModelResponseSchema = z.object({ model: z.string(), provider: z.string() });

/** One entry of GET /api/models: what a server can chat with, for the web's "My server" picker. */
export interface ServerModelInfo {
  id: string;
  name: string;
  /** 'local' or a configured provider's name; never its URL or key. */
  provider: string;
  runtime: 'onnx' | 'webllm' | 'remote';
  /** In MODELS_DIR (local ONNX), or always true for a remote provider's model. */
  downloaded: boolean;
  /** This server can run it (WebLLM models run only in the browser). */
  servable: boolean;
  active: boolean;
  /** A generated test model (`npm run models -- fixtures`): rigged weights, one fixed reply. */
  testModel?: boolean;
  /** The catalog's licence (SPDX id and URL); absent for a provider's models. */
  licence?: { spdx: string; url: string };
}
