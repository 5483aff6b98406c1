// The server's answers the web app reads, as zod schemas: the app parses them instead of trusting a cast, so a
// server of another version fails with a clear error rather than undefined deep in the UI.
// Each schema is built on first use, not at import: zod probes `new Function` when it builds an object schema, and the
// browser's first page may load this before it has told zod to run jitless (a CSP violation). Kept apart from
// core/src/schemas for the same reason: importing that index builds every catalog schema at once.
import { z } from 'zod';

/** A schema built on its first call and kept. */
function lazy<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}

export const accountUserSchema = lazy(() =>
  z.object({ id: z.string(), username: z.string(), role: z.enum(['owner', 'user']) }),
);

/** POST /api/auth/register, /login and /refresh. */
export const authResponseSchema = lazy(() =>
  z.object({
    user: accountUserSchema(),
    accessToken: z.string().min(1),
    refreshToken: z.string().min(1),
    expiresIn: z.number(),
  }),
);
export type AuthResponseBody = z.infer<ReturnType<typeof authResponseSchema>>;

/** GET /health (the fields the app shows; the rest is kept out). */
export const serverHealthSchema = lazy(() =>
  z.object({
    status: z.string(),
    version: z.string().optional(),
    storage: z.object({ kind: z.string().optional(), ok: z.boolean().optional() }).optional(),
  }),
);
export type ServerHealthBody = z.infer<ReturnType<typeof serverHealthSchema>>;

/** GET /api/models (core/src/llm's ServerModelInfo). */
export const serverModelListSchema = lazy(() =>
  z.object({
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
  }),
);

/** GET /api/tts/voices. */
export const ttsVoiceListSchema = lazy(() =>
  z.object({
    voices: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        languages: z.array(z.string()),
        engine: z.string(),
        status: z.string().optional(),
      }),
    ),
  }),
);

/** POST /api/tts/generate (the fields the app plays). */
export const ttsGenerateResponseSchema = lazy(() =>
  z.object({
    audio: z.string(),
    sampleRate: z.number(),
    durationMs: z.number(),
    mouth: z.array(z.object({ timeMs: z.number(), open: z.number(), form: z.number() })).optional(),
  }),
);
