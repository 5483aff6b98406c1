// /api/voice: sample uploads (WAV/MP3 10-300 s), cloning samples into voice models, synthesis as wav|mp3, history.
import { createRoute, z } from '@hono/zod-openapi';
import { VOICE_SAMPLE_POLICY } from '@companion/core/audio';
import { createRouter } from '../../app-env.ts';
import { encodeAudio, type Voice } from '../../services/voice/index.ts';
import { requestAbort } from '../chat/sse.ts';
import {
  HealthResponse,
  IdParam,
  LanguageSchema,
  NameSchema,
  SpeakBody,
  VoiceModelSchema,
  VoiceSampleSchema,
  body,
  errors,
  json,
} from '../tts/schemas.ts';
import { requireUserId, speechHealth } from '../tts/speech-route-helpers.ts';
import { multipartBody, readAudioForm, uploadLimit } from '../tts/upload.ts';

const tags = ['voice'];
const CloneBody = z.object({ sampleId: z.uuid(), name: NameSchema, language: LanguageSchema.optional() }).openapi('VoiceCloneRequest');
const PatchBody = z
  .object({ name: NameSchema.optional(), language: LanguageSchema.optional() })
  .refine((b) => b.name !== undefined || b.language !== undefined, 'name or language is required')
  .openapi('VoiceModelPatch');
const HistoryQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), before: z.coerce.number().int().min(0).optional() });
const HistorySchema = z
  .object({
    id: z.string(),
    voice: z.string().openapi({ description: 'The voice spoken with: an espeak-ng voice or clone:<id>' }),
    engine: z.string().openapi({ description: 'The voice model that spoke: espeak or xtts' }),
    format: z.string(),
    chars: z.number(),
    durationMs: z.number(),
    createdAt: z.number(),
    text: z.string().nullable().openapi({ description: 'The input text (null on entries older than kept text)' }),
    status: z.enum(['completed', 'failed']),
    hasAudio: z.boolean().openapi({ description: 'GET /api/voice/history/{id}/audio replays it (streamed and failed syntheses keep none)' }),
  })
  .openapi('VoiceHistoryEntry');
const AudioQuery = z.object({ download: z.enum(['0', '1', 'true', 'false']).optional().openapi({ description: '1: as an attachment to save' }) });
const UploadFields = z.object({ name: NameSchema.optional() });

const healthRoute = createRoute({ method: 'get', path: '/health', tags, summary: 'Speech engines and their state (public)', responses: { 200: json(HealthResponse, 'Engine states') } });
const cloneRoute = createRoute({
  method: 'post', path: '/clone', tags, summary: 'Clone an uploaded sample into a voice model (XTTS latents + speaker embedding)',
  description: 'Without XTTS on the server the model is stored as `pending` and speaking it answers 503 VOICE_ENGINE_UNAVAILABLE. Limited to 20 per hour per user.',
  request: { body: body(CloneBody) }, responses: { 201: json(z.object({ model: VoiceModelSchema }), 'The voice model'), ...errors, 409: json(z.object({}), 'QUOTA_EXCEEDED') },
});
const synthRoute = createRoute({
  method: 'post', path: '/synthesize', tags, summary: 'Synthesize text; the body is the audio file (audio/wav or audio/mpeg)',
  request: { body: body(SpeakBody) }, responses: { 200: { content: { 'audio/wav': { schema: z.string() }, 'audio/mpeg': { schema: z.string() } }, description: 'Audio' }, ...errors },
});
const modelsRoute = createRoute({ method: 'get', path: '/models', tags, summary: 'Voice models', responses: { 200: json(z.object({ models: z.array(VoiceModelSchema) }), 'Models') } });
const samplesRoute = createRoute({ method: 'get', path: '/samples', tags, summary: 'Uploaded samples', responses: { 200: json(z.object({ samples: z.array(VoiceSampleSchema) }), 'Samples') } });
const modelRoute = createRoute({ method: 'get', path: '/models/{id}', tags, summary: 'One voice model', request: { params: IdParam }, responses: { 200: json(z.object({ model: VoiceModelSchema }), 'Model'), ...errors } });
const patchRoute = createRoute({ method: 'patch', path: '/models/{id}', tags, summary: 'Rename or set the language', request: { params: IdParam, body: body(PatchBody) }, responses: { 200: json(z.object({ model: VoiceModelSchema }), 'Model'), ...errors } });
const deleteRoute = createRoute({ method: 'delete', path: '/models/{id}', tags, summary: 'Delete a voice model', request: { params: IdParam }, responses: { 204: { description: 'Deleted' }, ...errors } });
const deleteSampleRoute = createRoute({ method: 'delete', path: '/samples/{id}', tags, summary: 'Delete a sample', request: { params: IdParam }, responses: { 204: { description: 'Deleted' }, ...errors } });
const historyRoute = createRoute({
  method: 'get', path: '/history', tags, summary: 'Synthesis history, newest first',
  description: 'Kept for VOICE_HISTORY_DAYS days (default 30; 0 keeps entries until deleted), and deleted with the account.',
  request: { query: HistoryQuery }, responses: { 200: json(z.object({ history: z.array(HistorySchema) }), 'History'), ...errors },
});
const historyAudioRoute = createRoute({
  method: 'get', path: '/history/{id}/audio', tags, summary: 'The audio of a history entry, as it was sent (replay, or ?download=1 to save)',
  request: { params: IdParam, query: AudioQuery },
  responses: { 200: { content: { 'audio/wav': { schema: z.string() }, 'audio/mpeg': { schema: z.string() } }, description: 'Audio' }, ...errors },
});
const deleteHistoryRoute = createRoute({ method: 'delete', path: '/history/{id}', tags, summary: 'Delete one history entry and its audio', request: { params: IdParam }, responses: { 204: { description: 'Deleted' }, ...errors } });
const clearHistoryRoute = createRoute({
  method: 'delete', path: '/history', tags, summary: 'Delete the whole synthesis history and its audio',
  responses: { 200: json(z.object({ deleted: z.number().int() }), 'How many entries went'), ...errors },
});

export function createVoiceRoutes(voice: Voice) {
  const router = createRouter();
  router.openapi(healthRoute, async (c) => c.json(await speechHealth(voice), 200));

  router.openAPIRegistry.registerPath({
    method: 'post', path: '/upload', tags, summary: 'Upload a voice sample (WAV or MP3, 10-300 s, at most 10 MB)',
    request: { body: multipartBody({ name: NameSchema.optional() }, 'The sample and an optional name') },
    responses: { 201: json(z.object({ sample: VoiceSampleSchema }), 'The stored sample'), 409: json(z.object({}), 'QUOTA_EXCEEDED'), 413: errors[413], 415: json(z.object({}), 'AUDIO_WRONG_TYPE or not multipart'), 422: json(z.object({}), 'AUDIO_TOO_SHORT, AUDIO_TOO_LONG, AUDIO_SILENT ...') },
  });
  router.post('/upload', uploadLimit(VOICE_SAMPLE_POLICY.maxBytes), async (c) => {
    const user = requireUserId(c.get('user'));
    const { bytes, fields } = await readAudioForm(c, 'audio_file', UploadFields, VOICE_SAMPLE_POLICY.maxBytes);
    const sample = await voice.library.addSample(user, bytes, fields.name ?? 'Voice sample', VOICE_SAMPLE_POLICY);
    return c.json({ sample }, 201);
  });

  router.openapi(cloneRoute, async (c) => {
    const user = requireUserId(c.get('user'));
    const b = c.req.valid('json');
    return c.json({ model: await voice.library.clone(user, b.sampleId, b.name, b.language) }, 201);
  });

  router.openapi(synthRoute, async (c) => {
    const user = requireUserId(c.get('user'));
    const req = c.req.valid('json');
    const format = req.format ?? 'wav';
    const spoken = await voice.synth.speak(user, req, requestAbort(c).signal, { lipSync: false });
    const bytes = await encodeAudio(spoken.samples, spoken.sampleRate, format);
    await voice.synth.record(user, { voice: req.voice ?? 'en-us', engine: spoken.engine, format, chars: req.text.length, durationMs: spoken.durationMs, text: req.text, audio: bytes }, voice.clock.now());
    c.header('content-type', format === 'mp3' ? 'audio/mpeg' : 'audio/wav');
    c.header('x-audio-duration-ms', String(Math.round(spoken.durationMs)));
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200);
  });

  router.openapi(modelsRoute, async (c) => c.json({ models: await voice.library.listModels(requireUserId(c.get('user'))) }, 200));
  router.openapi(samplesRoute, async (c) => c.json({ samples: await voice.library.listSamples(requireUserId(c.get('user'))) }, 200));
  router.openapi(modelRoute, async (c) => c.json({ model: await voice.library.getModel(requireUserId(c.get('user')), c.req.valid('param').id) }, 200));
  router.openapi(patchRoute, async (c) => {
    const user = requireUserId(c.get('user'));
    return c.json({ model: await voice.library.updateModel(user, c.req.valid('param').id, c.req.valid('json')) }, 200);
  });
  router.openapi(deleteRoute, async (c) => {
    await voice.library.deleteModel(requireUserId(c.get('user')), c.req.valid('param').id);
    return c.body(null, 204);
  });
  router.openapi(deleteSampleRoute, async (c) => {
    await voice.library.deleteSample(requireUserId(c.get('user')), c.req.valid('param').id);
    return c.body(null, 204);
  });
  router.openapi(historyRoute, async (c) => {
    const q = c.req.valid('query');
    return c.json({ history: await voice.library.history(requireUserId(c.get('user')), q.limit, q.before) }, 200);
  });
  router.openapi(historyAudioRoute, async (c) => {
    const { id } = c.req.valid('param');
    const audio = await voice.library.historyAudio(requireUserId(c.get('user')), id);
    c.header('content-type', audio.format === 'mp3' ? 'audio/mpeg' : 'audio/wav');
    c.header('cache-control', 'private, no-store');
    const download = c.req.valid('query').download;
    if (download === '1' || download === 'true') c.header('content-disposition', `attachment; filename="speech-${id}.${audio.format}"`);
    return c.body(audio.bytes as Uint8Array<ArrayBuffer>, 200);
  });
  router.openapi(deleteHistoryRoute, async (c) => {
    await voice.library.deleteHistory(requireUserId(c.get('user')), c.req.valid('param').id);
    return c.body(null, 204);
  });
  router.openapi(clearHistoryRoute, async (c) => c.json({ deleted: await voice.library.clearHistory(requireUserId(c.get('user'))) }, 200));

  return router;
}
