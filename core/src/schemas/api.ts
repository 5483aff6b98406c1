// The server's answers the web app reads, as zod schemas: the app parses them instead of trusting a cast, so a
// server of another version fails with a clear error rather than undefined deep in the UI.
import { z } from 'zod';

export const accountUserSchema = z.object({ id: z.string(), username: z.string(), role: z.enum(['owner', 'user']) });

/** POST /api/auth/register, /login and /refresh. */
export const authResponseSchema = z.object({
  user: accountUserSchema,
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  expiresIn: z.number(),
});
export type AuthResponseBody = z.infer<typeof authResponseSchema>;

/** GET /health (the fields the app shows; the rest is kept out). */
export const serverHealthSchema = z.object({
  status: z.string(),
  version: z.string().optional(),
  storage: z.object({ kind: z.string().optional(), ok: z.boolean().optional() }).optional(),
});
export type ServerHealthBody = z.infer<typeof serverHealthSchema>;

/** GET /api/models (core/src/llm's ServerModelInfo). */
export const serverModelListSchema = z.object({
  active: z.string().nullable(),
  models: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      provider: z.string(),
      runtime: z.enum(['onnx', 'webllm', 'remote']),
      downloaded: z.boolean(),
      servable: z.boolean(),
      active: z.boolean(),
      testModel: z.boolean().optional(),
      licence: z.object({ spdx: z.string(), url: z.string() }).optional(),
    }),
  ),
});

/** GET /api/tts/voices. */
export const ttsVoiceListSchema = z.object({
  voices: z.array(z.object({ id: z.string(), name: z.string(), languages: z.array(z.string()), engine: z.string(), status: z.string().optional() })),
});

const mouthFrameSchema = z.object({ timeMs: z.number(), open: z.number(), form: z.number() });

/** POST /api/tts/generate (the fields the app plays). */
export const ttsGenerateResponseSchema = z.object({
  audio: z.string(),
  sampleRate: z.number(),
  durationMs: z.number(),
  mouth: z.array(mouthFrameSchema).optional(),
});
