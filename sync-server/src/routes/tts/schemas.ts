// Request and response schemas of the speech routes (/api/tts, /api/voice, /v1/audio/speech), one place for all three.
import { z } from '@hono/zod-openapi';
import { hasControlCharacters, storableText } from '@companion/core/schemas';

export const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).openapi('VoiceError');

/** espeak ids ("en-us", "gmw/en-US", "en-us+f3") or "clone:<uuid>"; never a path. */
export const VoiceIdSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[A-Za-z0-9_.:+/-]+$/, 'a voice id from GET /api/tts/voices')
  .refine((v) => !v.includes('..') && !v.startsWith('/'), 'a voice id from GET /api/tts/voices');
export const FormatSchema = z.enum(['wav', 'mp3']);

// Text up to 100k passes the schema; the configured TTS_MAX_CHARS then answers 413 TEXT_TOO_LONG with the limit.
export const SpeakBody = z
  .object({
    text: storableText(100_000).min(1),
    voice: VoiceIdSchema.optional(),
    rate: z.number().min(0.5).max(2.5).optional(),
    pitch: z.number().min(0).max(2).optional(),
    format: FormatSchema.optional(),
  })
  .openapi('SpeakRequest');

export const VisemeCueSchema = z.object({ viseme: z.string(), startMs: z.number(), endMs: z.number(), phoneme: z.string() });
export const MouthFrameSchema = z.object({ timeMs: z.number(), open: z.number(), form: z.number() });
export const MouthSourceSchema = z
  .enum(['phonemes', 'aligned', 'envelope'])
  .describe('phonemes: espeak-ng timings; aligned: a clone with espeak-ng timings aligned onto its audio; envelope: the loudness alone');
export const LipSyncFallbackSchema = z
  .object({ code: z.enum(['LIP_SYNC_UNSUPPORTED', 'LIP_SYNC_NO_SPEECH', 'LIP_SYNC_FAILED']), message: z.string() })
  .describe('Why a cloned voice kept the envelope mouth');

export const GenerateResponse = z
  .object({
    audio: z.string().describe('base64 of the WAV or MP3 file'),
    format: FormatSchema,
    sampleRate: z.number().int(),
    durationMs: z.number(),
    engine: z.string(),
    visemes: z.array(VisemeCueSchema),
    mouth: z.array(MouthFrameSchema).optional(),
    mouthSource: MouthSourceSchema.optional(),
    fallback: LipSyncFallbackSchema.optional(),
  })
  .openapi('SpeakResponse');

export const VisemesBody = z.object({ text: storableText(100_000).min(1), voice: VoiceIdSchema.optional(), rate: z.number().min(0.5).max(2.5).optional() }).openapi('VisemesRequest');
export const VisemesResponse = z
  .object({ durationMs: z.number(), engine: z.string(), visemes: z.array(VisemeCueSchema), mouth: z.array(MouthFrameSchema), mouthSource: MouthSourceSchema.optional() })
  .openapi('VisemesResponse');

export const VoiceSchema = z.object({ id: z.string(), name: z.string(), languages: z.array(z.string()), engine: z.string(), status: z.string().optional() }).openapi('Voice');

export const VoiceModelSchema = z
  .object({
    id: z.string(),
    voice: z.string(),
    name: z.string(),
    engine: z.string(),
    status: z.enum(['ready', 'pending']),
    sampleId: z.string().nullable(),
    language: z.string(),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .openapi('VoiceModel');

export const VoiceSampleSchema = z
  .object({ id: z.string(), name: z.string(), format: FormatSchema, size: z.number(), durationMs: z.number(), speechMs: z.number(), sampleRate: z.number(), createdAt: z.number() })
  .openapi('VoiceSample');

export const IdParam = z.object({ id: z.uuid() });
export const NameSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((s) => !hasControlCharacters(s), 'must not contain control characters');
export const LanguageSchema = z.string().regex(/^[a-z]{2}(-[a-z]{2})?$/);

export const HealthResponse = z
  .object({ status: z.enum(['ok', 'degraded']), engines: z.object({ espeak: z.string(), xtts: z.string(), xttsDetail: z.string().optional() }) })
  .openapi('SpeechHealth');

export const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
export const body = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
export const errors = {
  400: json(ErrorSchema, 'VALIDATION_FAILED or UNKNOWN_VOICE'),
  404: json(ErrorSchema, 'VOICE_NOT_FOUND (also for another user\'s voice)'),
  413: json(ErrorSchema, 'TEXT_TOO_LONG or AUDIO_TOO_LARGE'),
  503: json(ErrorSchema, 'SERVER_BUSY (see Retry-After) or VOICE_ENGINE_UNAVAILABLE'),
};
